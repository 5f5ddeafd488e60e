package io.vdobench.vdo.format;

/**
 * The 5-byte block map entry: byte 0 = (PBN bits 35..32 &lt;&lt; 4) | state, bytes 1..4 = PBN bits
 * 31..0 little-endian ({@code vdo_pack_block_map_entry}). In memory the model keeps an entry as one
 * long {@code pbn << 4 | state} (see {@link #pack}) so the block map is a primitive array.
 *
 * @param pbn   physical block number, 0..2^36-1
 * @param state mapping state, 0..15
 */
public record BlockMapEntry(long pbn, int state) {
    public static final int ENCODED_SIZE = 5;
    public static final BlockMapEntry UNMAPPED = new BlockMapEntry(0, MappingState.UNMAPPED);
    public static final BlockMapEntry ZERO = new BlockMapEntry(0, MappingState.UNCOMPRESSED);

    public BlockMapEntry {
        if (pbn < 0 || pbn > VdoConstants.MAX_PBN) {
            throw new IllegalArgumentException("PBN " + pbn + " does not fit in 36 bits");
        }
        if (state < 0 || state > MappingState.COMPRESSED_MAX) {
            throw new IllegalArgumentException("mapping state " + state + " does not fit in 4 bits");
        }
    }

    /** Writes the 5 on-disk bytes at {@code dst[off]}. */
    public void encode(byte[] dst, int off) {
        encode(pbn, state, dst, off);
    }

    public static void encode(long pbn, int state, byte[] dst, int off) {
        dst[off] = (byte) ((((pbn >>> 32) & 0xF) << 4) | (state & 0xF));
        dst[off + 1] = (byte) pbn;
        dst[off + 2] = (byte) (pbn >>> 8);
        dst[off + 3] = (byte) (pbn >>> 16);
        dst[off + 4] = (byte) (pbn >>> 24);
    }

    public byte[] encode() {
        byte[] b = new byte[ENCODED_SIZE];
        encode(b, 0);
        return b;
    }

    public static BlockMapEntry decode(byte[] src, int off) {
        int b0 = src[off] & 0xFF;
        long low = (src[off + 1] & 0xFFL) | (src[off + 2] & 0xFFL) << 8 | (src[off + 3] & 0xFFL) << 16
                | (src[off + 4] & 0xFFL) << 24;
        return new BlockMapEntry(((long) (b0 >>> 4) << 32) | low, b0 & 0xF);
    }

    public boolean isMapped() {
        return state != MappingState.UNMAPPED;
    }

    public boolean isCompressed() {
        return MappingState.isCompressed(state);
    }

    /**
     * {@code vdo_is_valid_location} without the zone check: PBN 0 is valid unless the state is
     * compressed; a non-zero PBN is valid only with a mapped state.
     */
    public boolean isValid() {
        return isValid(pbn, state);
    }

    public static boolean isValid(long pbn, int state) {
        return pbn == VdoConstants.ZERO_BLOCK ? !MappingState.isCompressed(state) : state != MappingState.UNMAPPED;
    }

    /** The in-memory form {@code pbn << 4 | state}; 0 is "unmapped". */
    public long pack() {
        return pack(pbn, state);
    }

    public static long pack(long pbn, int state) {
        return pbn << 4 | state;
    }

    public static long packedPbn(long packed) {
        return packed >>> 4;
    }

    public static int packedState(long packed) {
        return (int) (packed & 0xF);
    }

    public static BlockMapEntry unpack(long packed) {
        return new BlockMapEntry(packedPbn(packed), packedState(packed));
    }

    @Override
    public String toString() {
        return "{pbn " + pbn + ", " + MappingState.describe(state) + "}";
    }
}
