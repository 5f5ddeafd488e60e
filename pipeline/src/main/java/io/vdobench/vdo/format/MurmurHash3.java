package io.vdobench.vdo.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * MurmurHash3 x64_128 (Austin Appleby's public-domain algorithm), as dm-vdo uses it for record
 * names: the u32 seed is zero-extended into both 64-bit lanes and the result is h1 then h2.
 * Written from the algorithm's description; allocation-free.
 */
public final class MurmurHash3 {
    private MurmurHash3() {
    }

    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /**
     * Hashes {@code data[off, off+len)}; writes h1 to {@code out[0]} and h2 to {@code out[1]}.
     */
    public static void hash128(byte[] data, int off, int len, int seed, long[] out) {
        long h1 = seed & 0xFFFFFFFFL;
        long h2 = h1;
        int nblocks = len >>> 4;
        int p = off;
        for (int i = 0; i < nblocks; i++, p += 16) {
            long k1 = (long) LE64.get(data, p);
            long k2 = (long) LE64.get(data, p + 8);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        finish(data, p, len, h1, h2, out);
    }

    /**
     * One pass over a block for the write path: copies {@code src[srcOff, srcOff+len)} to
     * {@code dst[dstOff..]}, hashes it as {@link #hash128} does, and returns the OR of all its
     * 64-bit words, which is 0 exactly when the block is all zeros. Each word is loaded once, so
     * the copy's cache misses overlap the hash's arithmetic instead of preceding it. {@code len}
     * must be a multiple of 16 (a block is 4096).
     */
    public static long copyAndHash128(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int seed, long[] out) {
        if ((len & 15) != 0) {
            throw new IllegalArgumentException("length " + len + " is not a multiple of 16");
        }
        Objects.checkFromIndexSize(srcOff, len, src.length);
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        long h1 = seed & 0xFFFFFFFFL;
        long h2 = h1;
        long any = 0;
        for (int i = 0; i < len; i += 16) {
            long k1 = (long) LE64.get(src, srcOff + i);
            long k2 = (long) LE64.get(src, srcOff + i + 8);
            LE64.set(dst, dstOff + i, k1);
            LE64.set(dst, dstOff + i + 8, k2);
            any |= k1 | k2;
            // hash128's mixing, repeated: a shared step would have to return two longs (h1, h2) per 16 bytes
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        finish(src, srcOff + len, len, h1, h2, out);
        return any;
    }

    /** The tail ({@code len & 15} bytes at {@code p}) and the finalisation. */
    private static void finish(byte[] data, int p, int len, long h1, long h2, long[] out) {
        int tail = len & 15;
        long k1 = 0;
        long k2 = 0;
        for (int i = tail - 1; i >= 8; i--) {
            k2 ^= (data[p + i] & 0xFFL) << ((i - 8) * 8);
        }
        if (tail > 8) {
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
        }
        for (int i = Math.min(tail, 8) - 1; i >= 0; i--) {
            k1 ^= (data[p + i] & 0xFFL) << (i * 8);
        }
        if (tail > 0) {
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        out[0] = h1;
        out[1] = h2;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
