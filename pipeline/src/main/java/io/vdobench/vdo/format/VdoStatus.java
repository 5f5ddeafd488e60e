package io.vdobench.vdo.format;

/**
 * The dm-vdo status codes this model can produce. Every one surfaces to a block-layer caller as
 * {@code -EIO}, except {@link #NO_SPACE} ({@code -ENOSPC}), as in dm-vdo's {@code vdo_status_to_errno}.
 */
public enum VdoStatus {
    /** A compressed block header or slot failed validation, or the fragment did not decode to 4096 bytes. */
    INVALID_FRAGMENT,
    /** A block map entry is not a valid location (e.g. PBN 0 with a compressed state). */
    BAD_MAPPING,
    /** An LBN beyond the logical size. */
    OUT_OF_RANGE,
    /** No free physical block and no duplicate to share. */
    NO_SPACE,
    /** The backing storage failed. */
    IO_ERROR,
    /** The device holds no volume, or its super block fails validation (dm-vdo {@code VDO_BAD_MAGIC}, {@code VDO_CHECKSUM_MISMATCH}). */
    BAD_SUPER_BLOCK,
    /** The super block's configuration does not fit the device or the request (dm-vdo {@code VDO_BAD_CONFIGURATION}). */
    BAD_CONFIGURATION,
    /** The recovery journal cannot be replayed (dm-vdo {@code VDO_CORRUPT_JOURNAL}). */
    CORRUPT_JOURNAL,
    /** The volume is in read-only mode after a metadata error: writes fail, reads work (dm-vdo {@code VDO_READ_ONLY}). */
    READ_ONLY
}
