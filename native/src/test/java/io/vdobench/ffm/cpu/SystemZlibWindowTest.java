package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.testing.Prerequisites;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The point of {@code zlib:impl=ffm,window=4k}: its fragments never reference more than 4 KiB back,
 * so a decoder limited to a 4 KiB window (as IAA is) reads them at every block size. The check is
 * {@link Window4kInflater} (zlib {@code inflateInit2_(-12)} fed one output byte per call, which
 * rejects any distance beyond 4096). The JDK's Deflater (32 KiB window) is shown to need more.
 */
class SystemZlibWindowTest {
    private static final int SIZE = 65536;

    @BeforeEach
    void zlibLoads() {
        Prerequisites.require(ZlibLib.STATUS.loaded(), () -> "zlib unavailable: " + ZlibLib.STATUS.reason());
    }

    /** 8 KiB of random bytes, then the same 8 KiB again: the only long matches are 8 KiB back. */
    private static byte[] repeatedAt8k(int size) {
        byte[] b = new byte[size];
        byte[] unit = DataKind.RANDOM.generate(8192, 5);
        for (int i = 0; i < size; i += unit.length) {
            System.arraycopy(unit, 0, b, i, Math.min(unit.length, size - i));
        }
        return b;
    }

    @Test
    void window4kFragmentsDecodeWithA4kWindowAt64k() {
        for (int level : SystemZlibCodec.LEVELS) {
            try (SystemZlibCodec c = new SystemZlibCodec(level)) {
                for (byte[] src : new byte[][] {
                        DataKind.TEXT.generate(SIZE, 1), DataKind.FIO60.generate(SIZE, 2),
                        DataKind.RUNS.generate(SIZE, 3), DataKind.ZEROS.generate(SIZE, 4), repeatedAt8k(SIZE)}) {
                    byte[] dst = new byte[2 * SIZE];
                    int n = c.compress(src, 0, SIZE, dst, 0, dst.length);
                    assertTrue(n > 0);
                    assertArrayEquals(src, decode4k(Arrays.copyOf(dst, n), SIZE), "level " + level);
                }
            }
        }
    }

    @Test
    void jdkDeflaterOutputNeedsMoreThan4kWindow() {
        // Deterministic inputs (fixed seeds), so these observations are stable; all three need more
        // than a 4 KiB window when the JDK writes them at 64 KiB:
        // - a repeat 8 KiB back: the JDK's 32 KiB window finds it;
        // - TEXT (seed 1, level 6): a 60-word vocabulary, long matches far back;
        // - FIO60 (seed 2): the 308-byte zero tail of each 512-byte chunk also matches zero runs
        //   beyond 4 KiB (observed: rejected after 15563 output bytes).
        assertThrows(Window4kInflater.TooFarBack.class, () -> decode4k(jdkDeflate(repeatedAt8k(SIZE)), SIZE));
        assertThrows(Window4kInflater.TooFarBack.class, () -> decode4k(jdkDeflate(DataKind.TEXT.generate(SIZE, 1)), SIZE));
        assertThrows(Window4kInflater.TooFarBack.class, () -> decode4k(jdkDeflate(DataKind.FIO60.generate(SIZE, 2)), SIZE));
        // Sanity check of the checker itself: in a 4 KiB block no distance can exceed 4 KiB, so it must accept.
        byte[] text4k = DataKind.TEXT.generate(4096, 1);
        assertArrayEquals(text4k, decode4k(jdkDeflate(text4k), 4096));
    }

    @Test
    void aFourKWindowCostsRatioOnlyWhenHistoryIsFar() {
        byte[] src = repeatedAt8k(SIZE);
        try (SystemZlibCodec c = new SystemZlibCodec(6)) {
            byte[] dst = new byte[2 * SIZE];
            int window4k = c.compress(src, 0, SIZE, dst, 0, dst.length);
            int jdk = jdkDeflate(src).length;
            // 4 KiB cannot see the 8 KiB repeat: it stores ~all of it; the JDK's 32 KiB window does.
            assertTrue(window4k > SIZE * 9 / 10, "4k window: " + window4k);
            assertTrue(jdk < SIZE / 4, "JDK: " + jdk);
        }
    }

    private static byte[] decode4k(byte[] frag, int size) {
        return Window4kInflater.inflate(frag, size);
    }

    private static byte[] jdkDeflate(byte[] src) {
        Deflater d = new Deflater(6, true);
        try {
            d.setInput(src);
            d.finish();
            byte[] out = new byte[2 * src.length];
            int n = d.deflate(out);
            assertTrue(d.finished());
            return Arrays.copyOf(out, n);
        } finally {
            d.end();
        }
    }

    @Test
    void variantNamesTheWindow() {
        try (SystemZlibCodec c = new SystemZlibCodec(6)) {
            assertEquals("zlib:impl=ffm,window=4k,level=6", c.id());
        }
    }
}
