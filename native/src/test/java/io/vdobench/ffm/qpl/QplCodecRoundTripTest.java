package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips of every available qpl variant at the block sizes and data kinds the benches use. */
class QplCodecRoundTripTest {
    static final int[] SIZES = {4096, 8192, 16384, 32768, 65536, 131072};
    static final DataKind[] KINDS = {DataKind.ZEROS, DataKind.RANDOM, DataKind.FIO60, DataKind.TEXT};
    static final List<QplCodec> CODECS = new ArrayList<>();

    @BeforeAll
    static void open() {
        QplAssumptions.requireLibqpl();
        for (Huffman h : Huffman.values()) {
            for (Level l : Level.values()) {
                CODECS.add(new QplCodec(Options.of(QplPath.SOFTWARE, h, l)));
            }
            CODECS.add(new QplCodec(Options.of(QplPath.AUTO, h, Level.DEFAULT)));
        }
        CODECS.add(new QplCodec(new Options(QplPath.SOFTWARE, Huffman.FIXED, Level.DEFAULT, false, true)));
    }

    @AfterAll
    static void close() {
        CODECS.forEach(QplCodec::close);
        CODECS.clear();
    }

    static Stream<Arguments> cases() {
        QplAssumptions.requireLibqpl();
        if (CODECS.isEmpty()) {
            open();
        }
        List<Arguments> out = new ArrayList<>();
        for (int c = 0; c < CODECS.size(); c++) {
            for (int size : SIZES) {
                for (DataKind kind : KINDS) {
                    out.add(Arguments.of(c, CODECS.get(c).id(), size, kind));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {2} {3}")
    @MethodSource("cases")
    void roundTrip(int codecIndex, String id, int size, DataKind kind) throws DataFormatException {
        Codec codec = CODECS.get(codecIndex);
        byte[] src = kind.generate(size, 42 + size);
        // dm-vdo stores a block compressed only when it shrinks: capacity = the block itself.
        byte[] dst = new byte[size + 64];
        Arrays.fill(dst, (byte) 0x5A);
        int n = codec.compress(src, 0, size, dst, 32, size);
        assertGuardIntact(dst, 0, 32);
        if (kind == DataKind.RANDOM) {
            assertEquals(Codec.DOES_NOT_FIT, n, "incompressible data must not fit in its own size");
            assertGuardIntact(dst, 32 + size, dst.length);
            return;
        }
        assertTrue(n > 0 && n < size, "compressed length " + n);
        assertGuardIntact(dst, 32 + n, dst.length);
        byte[] back = new byte[size + 16];
        Arrays.fill(back, (byte) 0x33);
        codec.decompress(dst, 32, n, back, 8, size);
        assertArrayEquals(src, Arrays.copyOfRange(back, 8, 8 + size));
        assertEquals(0x33, back[7] & 0xff);
        assertEquals(0x33, back[8 + size] & 0xff);

        // Raw DEFLATE, no wrapper: the JDK's inflate in nowrap mode reads it exactly.
        assertArrayEquals(src, inflateRaw(dst, 32, n, size));
    }

    @ParameterizedTest(name = "{1} {2} {3}")
    @MethodSource("cases")
    void incompressibleRoundTripsGivenRoom(int codecIndex, String id, int size, DataKind kind) {
        if (kind != DataKind.RANDOM) {
            return;
        }
        Codec codec = CODECS.get(codecIndex);
        byte[] src = kind.generate(size, 7);
        byte[] dst = new byte[size + size / 4 + 1024];
        int n = codec.compress(src, 0, size, dst, 0, dst.length);
        assertTrue(n > size, "random data cannot shrink, got " + n);
        byte[] back = new byte[size];
        codec.decompress(dst, 0, n, back, 0, size);
        assertArrayEquals(src, back);
    }

    @Test
    void highLevelCompressesBetterOnText() {
        QplAssumptions.requireLibqpl();
        byte[] src = DataKind.TEXT.generate(65536, 3);
        for (Huffman h : Huffman.values()) {
            try (QplCodec dflt = new QplCodec(Options.of(QplPath.SOFTWARE, h, Level.DEFAULT));
                 QplCodec high = new QplCodec(Options.of(QplPath.SOFTWARE, h, Level.HIGH))) {
                byte[] dst = new byte[src.length];
                int a = dflt.compress(src, 0, src.length, dst, 0, dst.length);
                int b = high.compress(src, 0, src.length, dst, 0, dst.length);
                assertTrue(a > 0 && b > 0 && b < a, h + ": high " + b + " vs default " + a);
            }
        }
    }

    static byte[] inflateRaw(byte[] buf, int off, int len, int expected) throws DataFormatException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(buf, off, len);
            byte[] out = new byte[expected + 1];
            int got = inf.inflate(out, 0, out.length);
            assertTrue(inf.finished(), "raw inflate did not reach the final block's end");
            assertEquals(0, inf.getRemaining(), "trailing bytes after the DEFLATE stream");
            return Arrays.copyOf(out, got);
        } finally {
            inf.end();
        }
    }

    static void assertGuardIntact(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            assertEquals(0x5A, b[i] & 0xff, "byte " + i + " outside the allowed range was written");
        }
    }
}
