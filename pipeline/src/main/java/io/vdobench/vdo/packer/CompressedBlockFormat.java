package io.vdobench.vdo.packer;

/** Which header version the packer writes. */
public enum CompressedBlockFormat {
    /**
     * dm-vdo's 1.0 block whenever every fragment of the batch is LZ4 (so stock dm-vdo can read it),
     * the tagged 2.0 block as soon as one fragment is not LZ4.
     */
    AUTO,
    /** Always the tagged 2.0 block, even for all-LZ4 batches. */
    TAGGED
}
