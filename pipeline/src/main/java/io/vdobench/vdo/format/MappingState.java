package io.vdobench.vdo.format;

/**
 * The 4-bit mapping state of a block map entry ({@code enum block_mapping_state}):
 * 0 unmapped, 1 uncompressed, 2..15 compressed in slot 0..13. Static helpers on ints so the
 * per-block path never boxes.
 */
public final class MappingState {
    private MappingState() {
    }

    public static final int UNMAPPED = 0;
    public static final int UNCOMPRESSED = 1;
    /** {@code VDO_MAPPING_STATE_COMPRESSED_BASE}. */
    public static final int COMPRESSED_BASE = 2;
    public static final int COMPRESSED_MAX = 15;

    public static boolean isCompressed(int state) {
        return state > UNCOMPRESSED;
    }

    /** The state for a fragment in {@code slot}. */
    public static int compressed(int slot) {
        if (slot < 0 || slot >= VdoConstants.MAX_COMPRESSION_SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " outside 0..13");
        }
        return COMPRESSED_BASE + slot;
    }

    /** The slot of a compressed state. */
    public static int slot(int state) {
        return state - COMPRESSED_BASE;
    }

    public static String describe(int state) {
        return switch (state) {
            case UNMAPPED -> "unmapped";
            case UNCOMPRESSED -> "uncompressed";
            default -> state >= COMPRESSED_BASE && state <= COMPRESSED_MAX
                    ? "compressed slot " + slot(state) : "invalid state " + state;
        };
    }
}
