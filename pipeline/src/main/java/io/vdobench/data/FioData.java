package io.vdobench.data;

/**
 * fio's compressible-buffer data ({@code buffer_compress_percentage=P},
 * {@code buffer_compress_chunk=512}), byte-exact with fio 3.33: each 512-byte chunk is
 * floor(512*(100-P)/100) pseudo-random bytes from that chunk's own 64-bit seed, then zeros; the
 * chunk seeds come from fio's buffer generator seeded by the job's {@code randseed}.
 *
 * <p>{@code fill(buf, off, len, P, seed)} yields exactly the bytes fio job 1 with
 * {@code randseed=seed} generates for its write buffers, from the first buffer fill on. fio fills
 * its {@code iodepth} buffers once at start-up before the first write, so a sequential write
 * file of fio with {@code bs=B, iodepth=1} equals this stream from byte {@code B} on. See
 * {@link FioBufferGenerator} for dedupe, patterns, other chunk sizes and per-job numbering.
 */
public final class FioData {
    public static final int DEFAULT_CHUNK = 512;

    private FioData() {
    }

    /** Allocation-free; {@code compressPercentage} 0..100. */
    public static void fill(byte[] buf, int off, int len, int compressPercentage, long seed) {
        FioBufferGenerator.fillJobStream(buf, off, len, compressPercentage, DEFAULT_CHUNK, seed);
    }
}
