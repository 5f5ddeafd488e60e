package io.vdobench.report.packing;

import java.util.ArrayList;
import java.util.List;

/**
 * dm-vdo's packing arithmetic. A packed block has a 36-byte header and 4060 bytes of data holding up
 * to 14 fragments back to back; a block must hold at least two fragments, so a fragment alone in a
 * bin is written uncompressed (it saves nothing). Fragments of size {@code s} therefore share a block
 * {@code k = min(14, floor(4060 / s))} at a time, and pack at all only when {@code k >= 2}, i.e.
 * {@code s <= 2030}. The thresholds {@code floor(4060 / k)} are the sizes where one more fragment fits.
 */
public final class Packing {
    public static final int BLOCK_SIZE = 4096;
    /** VDO_COMPRESSED_BLOCK_DATA_SIZE. */
    public static final int DATA_SIZE = 4060;
    /** VDO_MAX_COMPRESSED_FRAGMENT_SIZE. */
    public static final int MAX_FRAGMENT = 4059;
    /** VDO_MAX_COMPRESSION_SLOTS. */
    public static final int MAX_SLOTS = 14;

    private Packing() {
    }

    /**
     * How many fragments of {@code size} bytes share one packed block; 1 means it cannot be packed
     * (too big to pair, or did not fit at all: {@code size <= 0} or above {@value #MAX_FRAGMENT}).
     */
    public static int fragmentsPerBlock(int size) {
        if (size <= 0 || size > MAX_FRAGMENT) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_SLOTS, DATA_SIZE / size));
    }

    /** Physical blocks one such fragment costs: 1/k when packed, 1 when stored uncompressed. */
    public static double blocksPerFragment(int size) {
        int k = fragmentsPerBlock(size);
        return k >= 2 ? 1.0 / k : 1.0;
    }

    /** Largest fragment size that still lets {@code k} fragments share a block: floor(4060 / k). */
    public static int threshold(int k) {
        if (k < 2 || k > MAX_SLOTS) {
            throw new IllegalArgumentException("k must be 2.." + MAX_SLOTS + ": " + k);
        }
        return DATA_SIZE / k;
    }

    /** The thresholds for k = 2..14: 2030, 1353, 1015, 812, 676, 580, 507, 451, 406, 369, 338, 312, 290. */
    public static List<Integer> thresholds() {
        List<Integer> t = new ArrayList<>();
        for (int k = 2; k <= MAX_SLOTS; k++) {
            t.add(threshold(k));
        }
        return t;
    }
}
