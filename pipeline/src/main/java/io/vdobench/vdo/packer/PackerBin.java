package io.vdobench.vdo.packer;

import io.vdobench.vdo.format.VdoConstants;

/**
 * One packer bin ({@code struct packer_bin}): up to 14 waiting fragments in arrival order. The
 * packer's canceled bin is one too, with room for every entry the packer can hold.
 */
public final class PackerBin {
    final int id;
    final PackerEntry[] incoming;
    int slotsUsed;
    int freeSpace = VdoConstants.COMPRESSED_DATA_SIZE;

    PackerBin(int id) {
        this(id, VdoConstants.MAX_COMPRESSION_SLOTS);
    }

    PackerBin(int id, int capacity) {
        this.id = id;
        this.incoming = new PackerEntry[capacity];
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
