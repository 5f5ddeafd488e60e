package io.vdobench.conformance.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A packed (compressed) block as found on disk, read with dm-vdo's 1.0 layout: u32 LE major,
 * u32 LE minor, 14 u16 LE slot sizes, then a 4060-byte data area with fragments back to back.
 * This harness-side parser exists so the kernel check needs nothing from the pipeline; the
 * pipeline's own inspector must agree with it.
 */
public record PackedBlock(long pbn, int major, int minor, int[] sizes, byte[] raw) {
    public static final int BLOCK = 4096;
    public static final int HEADER = 36;
    public static final int DATA = BLOCK - HEADER;
    public static final int SLOTS = 14;
    public static final int MAX_FRAGMENT = DATA - 1;

    /** Parses the header of a 4 KiB block (no plausibility check: see {@link #plausible}). */
    public static PackedBlock parse(long pbn, byte[] block, int off) {
        ByteBuffer b = ByteBuffer.wrap(block, off, BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        int major = b.getInt(off);
        int minor = b.getInt(off + 4);
        int[] sizes = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            sizes[i] = Short.toUnsignedInt(b.getShort(off + 8 + 2 * i));
        }
        return new PackedBlock(pbn, major, minor, sizes, Arrays.copyOfRange(block, off, off + BLOCK));
    }

    /**
     * A block the kernel could have written: at least two used slots, used slots first (dm-vdo zeroes
     * the unused tail of the size array), every size within [1, 4059] and the sum within the data area.
     * The version is not checked here so other versions can be recognised too.
     */
    public boolean plausible() {
        int used = usedSlots();
        if (used < 2) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (i < used) {
                if (sizes[i] < 1 || sizes[i] > MAX_FRAGMENT) {
                    return false;
                }
                sum += sizes[i];
            } else if (sizes[i] != 0) {
                return false;
            }
        }
        return sum <= DATA;
    }

    public boolean isVersion10() {
        return major == 1 && minor == 0;
    }

    /** Number of leading non-zero slot sizes. */
    public int usedSlots() {
        int n = 0;
        while (n < SLOTS && sizes[n] != 0) {
            n++;
        }
        return n;
    }

    /** Offset of slot {@code s}'s fragment within the block (header included). */
    public int fragmentOffset(int slot) {
        int off = HEADER;
        for (int i = 0; i < slot; i++) {
            off += sizes[i];
        }
        return off;
    }

    @Override
    public String toString() {
        return "PackedBlock[pbn=" + pbn + ", version=" + major + "." + minor + ", sizes="
                + Arrays.toString(Arrays.copyOf(sizes, Math.max(usedSlots(), 1))) + "]";
    }
}
