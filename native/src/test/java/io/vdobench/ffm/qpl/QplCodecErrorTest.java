package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Bad input and too-small buffers: typed exceptions or DOES_NOT_FIT, never a crash, hang or stray write. */
class QplCodecErrorTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static QplCodec fixed;
    private static QplCodec dynamic;

    @BeforeAll
    static void open() {
        QplAssumptions.requireLibqpl();
        fixed = new QplCodec(Options.of(QplPath.SOFTWARE, Huffman.FIXED, Level.DEFAULT));
        dynamic = new QplCodec(Options.of(QplPath.SOFTWARE, Huffman.DYNAMIC, Level.DEFAULT));
    }

    @AfterAll
    static void close() {
        if (fixed != null) {
            fixed.close();
            dynamic.close();
        }
    }

    static QplCodec codec(Huffman h) {
        return h == Huffman.FIXED ? fixed : dynamic;
    }

    private static byte[] compressed(QplCodec c, byte[] src) {
        byte[] dst = new byte[src.length + 1024];
        int n = c.compress(src, 0, src.length, dst, 0, dst.length);
        assertTrue(n > 0);
        return Arrays.copyOf(dst, n);
    }

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void dstTooSmallDoesNotFitAndWritesNothingBeyondCapacity(Huffman h) {
        QplCodec c = codec(h);
        byte[] src = DataKind.TEXT.generate(4096, 11);
        int exact = compressed(c, src).length;
        for (int cap : new int[] {0, 1, 16, exact / 2, exact - 1}) {
            byte[] dst = new byte[exact + 100];
            Arrays.fill(dst, (byte) 0x77);
            assertEquals(Codec.DOES_NOT_FIT, c.compress(src, 0, src.length, dst, 10, cap), "capacity " + cap);
            for (int i = 0; i < dst.length; i++) {
                if (i < 10 || i >= 10 + cap) {
                    assertEquals(0x77, dst[i] & 0xff, "capacity " + cap + ": byte " + i + " written");
                }
            }
        }
        byte[] dst = new byte[exact];
        assertEquals(exact, c.compress(src, 0, src.length, dst, 0, exact), "exact capacity must fit");
    }

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void vdoFragmentCapIsAHardLimit(Huffman h) {
        // dm-vdo caps a fragment at 4059 bytes; fio data that does not shrink enough must not fit.
        byte[] src = DataKind.FIO10.generate(4096, 5);
        byte[] dst = new byte[4096];
        int n = codec(h).compress(src, 0, 4096, dst, 0, 4059);
        assertTrue(n == Codec.DOES_NOT_FIT || (n > 0 && n <= 4059), "got " + n);
    }

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void wrongExpectedLengthIsCorruptAndStaysInBounds(Huffman h) {
        QplCodec c = codec(h);
        byte[] src = DataKind.FIO60.generate(4096, 12);
        byte[] z = compressed(c, src);
        // Longer output than room given: QPL stops at available_out, the codec reports it.
        byte[] small = new byte[4096];
        Arrays.fill(small, (byte) 0x44);
        CorruptFragmentException longer = assertThrows(CorruptFragmentException.class,
                () -> c.decompress(z, 0, z.length, small, 0, 4000));
        assertTrue(longer.getMessage().contains("QPL_STS_MORE_OUTPUT_NEEDED"), longer.getMessage());
        for (int i = 4000; i < small.length; i++) {
            assertEquals(0x44, small[i] & 0xff, "byte " + i + " beyond expectedLength written");
        }
        // Shorter output than expected.
        byte[] big = new byte[4200];
        assertThrows(CorruptFragmentException.class, () -> c.decompress(z, 0, z.length, big, 0, 4097));
    }

    /**
     * Every truncation throws, including a stream cut inside its final EOB code (the last 1-2 bytes),
     * which libqpl's software inflate alone decodes to the original bytes with QPL_STS_OK
     * (QplStreamEnd: the codec insists on ISAL_BLOCK_FINISH).
     */
    @ParameterizedTest
    @EnumSource(Huffman.class)
    void truncatedInputIsCorrupt(Huffman h) {
        QplCodec c = codec(h);
        byte[] src = DataKind.TEXT.generate(8192, 13);
        byte[] z = compressed(c, src);
        byte[] out = new byte[8192];
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int cut = 0; cut < z.length; cut++) {
                int len = cut;
                assertThrows(CorruptFragmentException.class, () -> c.decompress(z, 0, len, out, 0, 8192),
                        "truncated to " + len + " of " + z.length);
            }
        });
        c.decompress(z, 0, z.length, out, 0, 8192);
        assertArrayEquals(src, out);
    }

    /** Any number of bytes after the stream, each of which libqpl's total_in may or may not count. */
    @ParameterizedTest
    @EnumSource(Huffman.class)
    void trailingBytesAreCorrupt(Huffman h) {
        QplCodec c = codec(h);
        byte[] src = DataKind.TEXT.generate(4096, 14);
        byte[] z = compressed(c, src);
        for (int extra = 1; extra <= 9; extra++) {
            byte[] padded = Arrays.copyOf(z, z.length + extra);
            CorruptFragmentException e = assertThrows(CorruptFragmentException.class,
                    () -> c.decompress(padded, 0, padded.length, new byte[4096], 0, 4096), "+" + extra);
            assertTrue(e.getMessage().contains("(" + extra + " trailing)"), e.getMessage());
        }
    }

    /**
     * Random bit flips: a typed exception, or (DEFLATE has no checksum; a flipped literal still decodes)
     * exactly what the JDK's reference inflate makes of the same bytes. Never a crash, hang or stray write.
     */
    @ParameterizedTest
    @EnumSource(Huffman.class)
    void bitFlipsNeverCrashOrHang(Huffman h) {
        QplCodec c = codec(h);
        byte[] src = DataKind.FIO60.generate(4096, 15);
        byte[] z = compressed(c, src);
        SplittableRandom r = new SplittableRandom(99);
        byte[] out = new byte[4096 + 64];
        int[] outcome = new int[2]; // [detected, decoded to 4096 bytes anyway]
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < 2000; i++) {
                byte[] bad = z.clone();
                int flips = 1 + r.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                }
                Arrays.fill(out, 4096, out.length, (byte) 0x66);
                try {
                    c.decompress(bad, 0, bad.length, out, 0, 4096);
                    outcome[1]++;
                    byte[] reference = referenceInflate(bad, 4096);
                    assertArrayEquals(reference, Arrays.copyOf(out, 4096), "qpl and the JDK inflate disagree on flip " + i);
                } catch (CorruptFragmentException e) {
                    outcome[0]++;
                }
                for (int k = 4096; k < out.length; k++) {
                    assertEquals(0x66, out[k] & 0xff, "write beyond expectedLength");
                }
            }
        });
        assertTrue(outcome[0] > 0 && outcome[1] > 0, "expected both outcomes: " + Arrays.toString(outcome));
    }

    /** The first {@code n} bytes the JDK's raw inflate produces (it may stop without an EOB). */
    private static byte[] referenceInflate(byte[] z, int n) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(z);
            byte[] o = new byte[n];
            int got = 0;
            try {
                while (got < n && !inf.finished() && !inf.needsInput()) {
                    got += inf.inflate(o, got, n - got);
                }
            } catch (DataFormatException e) {
                fail("qpl accepted a stream the JDK inflate rejects after " + got + " bytes: " + e.getMessage());
            }
            assertEquals(n, got, "JDK inflate produced fewer bytes than qpl");
            return o;
        } finally {
            inf.end();
        }
    }

    @Test
    void garbageIsCorrupt() {
        byte[] noise = DataKind.RANDOM.generate(3000, 16);
        byte[] out = new byte[4096];
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int off = 0; off < 64; off++) {
                int o = off;
                assertThrows(CorruptFragmentException.class, () -> fixed.decompress(noise, o, 2000, out, 0, 4096));
            }
        });
    }

    @Test
    void closedCodecIsUnavailable() {
        QplCodec c = new QplCodec(Options.of(QplPath.SOFTWARE, Huffman.FIXED, Level.DEFAULT));
        byte[] src = DataKind.TEXT.generate(4096, 1);
        byte[] dst = new byte[4096];
        assertTrue(c.compress(src, 0, 4096, dst, 0, 4096) > 0);
        c.close();
        c.close();
        assertThrows(CodecUnavailableException.class, () -> c.compress(src, 0, 4096, dst, 0, 4096));
    }

    @Test
    void boundsAreCheckedBeforeNativeCode() {
        byte[] src = new byte[100];
        byte[] dst = new byte[100];
        assertThrows(IndexOutOfBoundsException.class, () -> fixed.compress(src, 50, 100, dst, 0, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> fixed.compress(src, 0, 100, dst, 10, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> fixed.decompress(src, 0, 100, dst, 0, 101));
        assertThrows(IllegalArgumentException.class, () -> fixed.compress(src, 0, 0, dst, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> fixed.decompress(src, 0, 2, dst, 0, 0));
    }
}
