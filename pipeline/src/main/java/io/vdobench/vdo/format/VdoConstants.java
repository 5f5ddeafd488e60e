package io.vdobench.vdo.format;

/** dm-vdo's on-disk constants (drivers/md/dm-vdo constants.h, packer.h, types.h). */
public final class VdoConstants {
    private VdoConstants() {
    }

    /** {@code VDO_BLOCK_SIZE}. */
    public static final int BLOCK_SIZE = 4096;
    /** {@code VDO_MAX_COMPRESSION_SLOTS}: mapping states 2..15. */
    public static final int MAX_COMPRESSION_SLOTS = 14;
    /** Compressed block header: u32 major + u32 minor + 14 x u16 sizes. */
    public static final int COMPRESSED_HEADER_SIZE = 4 + 4 + 2 * MAX_COMPRESSION_SLOTS;
    /** {@code VDO_COMPRESSED_BLOCK_DATA_SIZE}. */
    public static final int COMPRESSED_DATA_SIZE = BLOCK_SIZE - COMPRESSED_HEADER_SIZE;
    /** {@code VDO_MAX_COMPRESSED_FRAGMENT_SIZE}: a block must hold at least two fragments. */
    public static final int MAX_FRAGMENT_SIZE = COMPRESSED_DATA_SIZE - 1;
    /** {@code VDO_ZERO_BLOCK}: PBN 0 is never data. */
    public static final long ZERO_BLOCK = 0;
    /** Largest reference count of a data block (counts 255 = provisional, 0 = free). */
    public static final int MAXIMUM_REFERENCE_COUNT = 254;
    /** PBNs are 36 bits. */
    public static final long MAX_PBN = (1L << 36) - 1;
    /** {@code DEFAULT_PACKER_BINS}. */
    public static final int DEFAULT_PACKER_BINS = 16;
    /** Block map entries per 4 KiB page. */
    public static final int BLOCK_MAP_ENTRIES_PER_PAGE = 812;
    /** {@code DEFAULT_VDO_BLOCK_MAP_TREE_ROOT_COUNT}: a page's tree root, and so its logical zone, is page mod 60. */
    public static final int BLOCK_MAP_TREE_ROOTS = 60;
    /** dm-vdo's MurmurHash3 seed for record names. */
    public static final int RECORD_NAME_SEED = 0x62ea60be;
}
