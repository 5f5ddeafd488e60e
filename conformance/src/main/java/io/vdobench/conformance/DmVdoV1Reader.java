package io.vdobench.conformance;

/**
 * A second, independent implementation of dm-vdo's fragment lookup
 * ({@code vdo_get_compressed_block_fragment}, packer.c; vdo-facts.md §1), knowing only the stock 1.0
 * format: it stands for an unpatched kernel reading a block. It shares no code with the pipeline's
 * {@code CompressedBlock}, so the vectors check both against the same expectations.
 *
 * <p>Rules, in dm-vdo's order (any failure is {@code VDO_INVALID_FRAGMENT}):
 * 1 mapping state &gt; 1; 2 version exactly 1.0; 3 slot = state − 2 &lt; 14; 4 each running sum of the
 * earlier slots' sizes &lt; 4060; 5 offset + size ≤ 4060.
 */
public final class DmVdoV1Reader {
    public static final int HEADER = 36;
    public static final int DATA = 4060;
    public static final int SLOTS = 14;

    /** {@code rule} 0 = valid (then offset and size are set), else the first broken rule. */
    public record Lookup(int rule, int offset, int size) {
        @Override
        public String toString() {
            return rule == 0 ? "ok " + offset + " " + size : "invalid " + rule;
        }
    }

    private DmVdoV1Reader() {
    }

    public static Lookup lookup(byte[] block, int mappingState) {
        return lookup(block, mappingState, false);
    }

    /**
     * @param skipVersionCheck models a careless reader that ignores the version words: used to show
     *                         that a tagged block still fails rule 4 or 5 there (defence in depth)
     */
    public static Lookup lookup(byte[] block, int mappingState, boolean skipVersionCheck) {
        if (mappingState <= 1) {
            return new Lookup(1, 0, 0);
        }
        if (!skipVersionCheck && (u32(block, 0) != 1 || u32(block, 4) != 0)) {
            return new Lookup(2, 0, 0);
        }
        int slot = mappingState - 2;
        if (slot >= SLOTS) {
            return new Lookup(3, 0, 0);
        }
        int offset = 0;
        for (int i = 0; i < slot; i++) {
            offset += u16(block, 8 + 2 * i);
            if (offset >= DATA) {
                return new Lookup(4, 0, 0);
            }
        }
        int size = u16(block, 8 + 2 * slot);
        if (offset + size > DATA) {
            return new Lookup(5, 0, 0);
        }
        return new Lookup(0, offset, size);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }
}
