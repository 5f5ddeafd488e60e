package io.vdobench.vdo.format;

/**
 * A 16-byte record name: MurmurHash3 x64_128 of a 4 KiB block with seed {@code 0x62ea60be},
 * stored as h1 (u64 LE) then h2 (u64 LE), as dm-vdo's {@code hash_data_vio} writes it.
 * The hot path keeps names as two longs; this value type is for tests, logs and tools.
 */
public record RecordName(long h1, long h2) {

    /** The record name of a 4096-byte block. */
    public static RecordName of(byte[] block, int off) {
        long[] hv = new long[2];
        compute(block, off, hv);
        return new RecordName(hv[0], hv[1]);
    }

    /** Allocation-free form: h1 into {@code out[0]}, h2 into {@code out[1]}. */
    public static void compute(byte[] block, int off, long[] out) {
        MurmurHash3.hash128(block, off, VdoConstants.BLOCK_SIZE, VdoConstants.RECORD_NAME_SEED, out);
    }

    /**
     * The write path's one pass over a block (dm-vdo's {@code copy_from_bio}, zero check and
     * {@code hash_data_vio}): copies 4096 bytes from {@code src} to {@code dst[0..4096)}, computes
     * the name into {@code out}, returns true when the block is all zeros.
     */
    public static boolean copyAndCompute(byte[] src, int srcOff, byte[] dst, long[] out) {
        return MurmurHash3.copyAndHash128(src, srcOff, dst, 0, VdoConstants.BLOCK_SIZE, VdoConstants.RECORD_NAME_SEED,
                out) == 0;
    }

    /** The 16 on-disk bytes. */
    public byte[] bytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (h1 >>> (8 * i));
            b[8 + i] = (byte) (h2 >>> (8 * i));
        }
        return b;
    }

    /** Name byte 0 (selects dm-vdo's hash zone). */
    public int byte0() {
        return (int) (h1 & 0xFF);
    }

    /** dm-vdo's hash zone: {@code (name[0] * zoneCount) >> 8}. */
    public static int hashZone(long h1, int zoneCount) {
        return (int) (((h1 & 0xFF) * zoneCount) >>> 8);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32);
        for (byte x : bytes()) {
            sb.append(Character.forDigit((x >>> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
