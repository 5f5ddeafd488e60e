package io.vdobench.vdo.packer;

import io.vdobench.vdo.format.VdoConstants;

/** One packer bin ({@code struct packer_bin}): up to 14 waiting fragments in arrival order. */
public final class PackerBin {
    final int id;
    final PackerEntry[] incoming = new PackerEntry[VdoConstants.MAX_COMPRESSION_SLOTS];
    int slotsUsed;
    int freeSpace = VdoConstants.COMPRESSED_DATA_SIZE;

    PackerBin(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public int slotsUsed() {
        return slotsUsed;
    }

    public int freeSpace() {
        return freeSpace;
    }
}
