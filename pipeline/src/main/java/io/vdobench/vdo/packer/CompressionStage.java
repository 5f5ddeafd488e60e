package io.vdobench.vdo.packer;

/**
 * dm-vdo's {@code enum data_vio_compression_stage}: where a data_vio is on its way through the
 * compressor and the packer. It only moves forward; a cancelled data_vio ("may not compress") jumps
 * to {@link #POST_PACKER} at its next step.
 */
public enum CompressionStage {
    /** Not yet on the way to the compressor. */
    PRE_COMPRESSOR,
    /** Being compressed, or on its way to the packer. */
    COMPRESSING,
    /** In a packer bin: only a removal request on the packer's side can take it out. */
    PACKING,
    /** Out of the packer (written in a batch, or never packed). */
    POST_PACKER;

    private static final CompressionStage[] VALUES = values();

    static CompressionStage of(int ordinal) {
        return VALUES[ordinal];
    }
}
