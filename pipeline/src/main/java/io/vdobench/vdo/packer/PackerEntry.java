package io.vdobench.vdo.packer;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.vdo.format.VdoConstants;

/**
 * The compression state of one data_vio ({@code struct compression_state}): its own 4 KiB
 * compressed-block buffer, whose data area already holds its fragment at offset 0 (byte 36 of the
 * block) so that, as in dm-vdo, the agent of a batch needs no copy.
 */
public class PackerEntry {
    /** Not in the packer. */
    public static final int STAGE_NONE = 0;
    /** Parked in a bin: can still be cancelled. */
    public static final int STAGE_IN_BIN = 1;
    /** Removed from its bin into a batch being written: can no longer be cancelled. */
    public static final int STAGE_IN_BATCH = 2;

    private final byte[] compressedBlock = new byte[VdoConstants.BLOCK_SIZE];
    private int fragmentSize;
    private CompressionAlgorithm algorithm;
    private ExecutionPath path = ExecutionPath.NONE;
    PackerBin bin;
    int binIndex;
    int slot;
    volatile int stage;
    /** Bumped each time the entry is parked, so a cancel aimed at an earlier parking can be told apart. */
    volatile long parkings;

    /** The block buffer; the fragment goes at {@link VdoConstants#COMPRESSED_HEADER_SIZE}. */
    public final byte[] compressedBlock() {
        return compressedBlock;
    }

    /** Records the fragment the compressor put at byte 36 of {@link #compressedBlock()}. */
    public final void setFragment(int size, CompressionAlgorithm algorithm, ExecutionPath path) {
        if (size < 1 || size > VdoConstants.MAX_FRAGMENT_SIZE) {
            throw new IllegalArgumentException("fragment size " + size + " outside 1..4059");
        }
        this.fragmentSize = size;
        this.algorithm = algorithm;
        this.path = path;
    }

    public final int fragmentSize() {
        return fragmentSize;
    }

    public final CompressionAlgorithm algorithm() {
        return algorithm;
    }

    public final ExecutionPath executionPath() {
        return path;
    }

    /** The slot in the written block (valid once the entry is in a batch). */
    public final int slot() {
        return slot;
    }

    public final int stage() {
        return stage;
    }

    /** How many times this entry has been parked in a bin (see {@link Packer#cancel(PackerEntry, long)}). */
    public final long parkings() {
        return parkings;
    }

    /** Marks the entry as out of the packer again (after its batch or abort was handled). */
    public final void leavePacker() {
        stage = STAGE_NONE;
        bin = null;
    }
}
