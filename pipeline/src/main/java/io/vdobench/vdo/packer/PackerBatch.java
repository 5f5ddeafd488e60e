package io.vdobench.vdo.packer;

import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.VdoConstants;

/**
 * What {@code write_bin} hands to the I/O side: either a packed block of 2..14 fragments
 * (members[0] is the agent, whose buffer holds the finished block and whose allocation receives it)
 * or a single entry to be written uncompressed. Reused by its owner thread.
 */
public final class PackerBatch {
    final PackerEntry[] members = new PackerEntry[VdoConstants.MAX_COMPRESSION_SLOTS];
    int count;
    CompressedBlockVersion version;

    public int count() {
        return count;
    }

    /** Member in slot {@code i}; slot 0 is the agent (the last fragment added to the bin). */
    public PackerEntry member(int i) {
        if (i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return members[i];
    }

    /** Whether the entry is one of the members. */
    public boolean contains(PackerEntry e) {
        for (int i = 0; i < count; i++) {
            if (members[i] == e) {
                return true;
            }
        }
        return false;
    }

    /** True when the batch holds one fragment, which dm-vdo writes uncompressed. */
    public boolean isSingle() {
        return count == 1;
    }

    /** The finished block (the agent's buffer); only for batches of two or more. */
    public byte[] block() {
        return members[0].compressedBlock();
    }

    public CompressedBlockVersion version() {
        return version;
    }

    /** Drops references so finished data_vios can be reused. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            members[i] = null;
        }
        count = 0;
        version = null;
    }
}
