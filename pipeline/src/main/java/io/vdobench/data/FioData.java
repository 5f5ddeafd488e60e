package io.vdobench.data;

import java.util.SplittableRandom;

/**
 * fio's compressible-buffer layout ({@code buffer_compress_percentage=P},
 * {@code buffer_compress_chunk=512}): each 512-byte chunk is floor(512*(100-P)/100) pseudo-random
 * bytes followed by zeros, with a fresh seed per chunk.
 *
 * <p>This is the structural form; the byte-exact reproduction of fio's own generator lives in
 * {@code FioBufferGenerator} (fio-matrix issue) once it lands.
 */
public final class FioData {
    public static final int DEFAULT_CHUNK = 512;

    private FioData() {
    }

    public static void fill(byte[] buf, int off, int len, int compressPercentage, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int i = off;
        int end = off + len;
        while (i < end) {
            int chunk = Math.min(DEFAULT_CHUNK, end - i);
            int random = chunk * (100 - compressPercentage) / 100;
            DataKind.randomBytes(r, buf, i, random);
            java.util.Arrays.fill(buf, i + random, i + chunk, (byte) 0);
            i += chunk;
        }
    }
}
