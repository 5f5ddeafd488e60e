package io.vdobench.vdo.format;

import io.vdobench.codec.CompressionAlgorithm;

/**
 * Where one slot's fragment lies in a compressed block, as found by
 * {@link CompressedBlock#locate}. Mutable and reusable so the read path allocates nothing.
 */
public final class FragmentLocation {
    CompressedBlockVersion version;
    int slot;
    int offset;
    int size;
    CompressionAlgorithm algorithm;

    public CompressedBlockVersion version() {
        return version;
    }

    public int slot() {
        return slot;
    }

    /** Offset of the fragment within the data area (= sum of the earlier slots' sizes). */
    public int offset() {
        return offset;
    }

    /** Offset of the fragment from the start of the block. */
    public int blockOffset() {
        return VdoConstants.COMPRESSED_HEADER_SIZE + offset;
    }

    public int size() {
        return size;
    }

    /** The slot's algorithm: always LZ4 for a 1.0 block, the slot's tag for a tagged block. */
    public CompressionAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public String toString() {
        return "slot " + slot + " of a " + version + " block: " + size + " bytes of " + algorithm + " at data offset " + offset;
    }
}
