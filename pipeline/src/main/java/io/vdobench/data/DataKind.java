package io.vdobench.data;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic test and benchmark data kinds. The same (kind, seed, length) always yields the same
 * bytes, so failures reproduce and benches compare like with like.
 */
public enum DataKind {
    /** All zero bytes. */
    ZEROS,
    /** Uniform random bytes: incompressible. */
    RANDOM,
    /**
     * fio {@code buffer_compress_percentage=10}, byte-exact with fio 3.33 write buffers of a job
     * with {@code randseed=seed} (see {@link FioData}, {@link FioBufferGenerator}).
     */
    FIO10,
    /** fio {@code buffer_compress_percentage=30}. */
    FIO30,
    /** fio {@code buffer_compress_percentage=60}: the patch's data. */
    FIO60,
    /** fio {@code buffer_compress_percentage=90}. */
    FIO90,
    /** English-like text from a fixed word list. */
    TEXT,
    /** Long runs of repeated bytes with random lengths. */
    RUNS,
    /** One non-zero byte value repeated. */
    SINGLE_BYTE;

    private static final String[] WORDS = ("the of and to in is was that for on with as by at from it be this are "
            + "block data volume compress packer slot fragment header index dedupe hash lock logical physical "
            + "journal slab reference count map entry write read flush discard zero agent bin kernel device")
            .split(" ");

    /** Fills {@code buf[off, off+len)} with this kind's bytes for {@code seed}. */
    public void fill(byte[] buf, int off, int len, long seed) {
        switch (this) {
            case ZEROS -> java.util.Arrays.fill(buf, off, off + len, (byte) 0);
            case RANDOM -> randomBytes(new SplittableRandom(seed), buf, off, len);
            case FIO10 -> FioData.fill(buf, off, len, 10, seed);
            case FIO30 -> FioData.fill(buf, off, len, 30, seed);
            case FIO60 -> FioData.fill(buf, off, len, 60, seed);
            case FIO90 -> FioData.fill(buf, off, len, 90, seed);
            case TEXT -> text(new SplittableRandom(seed), buf, off, len);
            case RUNS -> runs(new SplittableRandom(seed), buf, off, len);
            case SINGLE_BYTE -> java.util.Arrays.fill(buf, off, off + len, (byte) (0x41 + (int) (seed & 0x1f)));
        }
    }

    /** A new array of {@code len} bytes of this kind. */
    public byte[] generate(int len, long seed) {
        byte[] b = new byte[len];
        fill(b, 0, len, seed);
        return b;
    }

    static void randomBytes(SplittableRandom r, byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i + 8 <= end) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
                buf[i++] = (byte) (v >>> (8 * k));
            }
        }
        while (i < end) {
            buf[i++] = (byte) r.nextInt(256);
        }
    }

    private static void text(SplittableRandom r, byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            byte[] w = WORDS[r.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < w.length && i < end; k++) {
                buf[i++] = w[k];
            }
            if (i < end) {
                buf[i++] = (byte) (r.nextInt(12) == 0 ? '\n' : ' ');
            }
        }
    }

    private static void runs(SplittableRandom r, byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int run = 1 + r.nextInt(200);
            byte v = (byte) r.nextInt(256);
            for (int k = 0; k < run && i < end; k++) {
                buf[i++] = v;
            }
        }
    }
}
