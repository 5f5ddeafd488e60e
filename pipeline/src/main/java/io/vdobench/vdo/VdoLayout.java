package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;

/**
 * Where a volume's parts live on its device (dm-vdo's {@code vdo_layout} and partitions): block 0
 * the super block (PBN 0 is the zero block, never data), blocks 1..physical-1 the slabs' data
 * blocks, then the recovery journal, the block map pages (one per 812 LBNs), the slabs'
 * reference count blocks, their journals, and the slab summary. See {@code pipeline/FORMAT.md}.
 */
record VdoLayout(long logicalBlocks, long physicalBlocks, int slabBlocks, int journalBlocks) {
    /** dm-vdo packs 8 sectors of (8-byte journal point + 504 counts) into a reference count block. */
    static final int COUNTS_PER_SECTOR = 504;
    static final int COUNTS_PER_BLOCK = 8 * COUNTS_PER_SECTOR;

    long journalOrigin() {
        return physicalBlocks;
    }

    long blockMapOrigin() {
        return journalOrigin() + journalBlocks;
    }

    long blockMapPages() {
        return (logicalBlocks + VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE - 1) / VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE;
    }

    long refCountOrigin() {
        return blockMapOrigin() + blockMapPages();
    }

    /** Reference count blocks of all slabs (each slab's counts start in a block of their own). */
    long refCountBlocks() {
        long data = physicalBlocks - 1;
        long slab = Math.min(slabBlocks, data);
        long full = data / slab;
        long rest = data % slab;
        return full * ceil(slab) + (rest == 0 ? 0 : ceil(rest));
    }

    private static long ceil(long counts) {
        return (counts + COUNTS_PER_BLOCK - 1) / COUNTS_PER_BLOCK;
    }

    /** Slabs in the depot (the last one may be smaller). */
    long slabCount() {
        long data = physicalBlocks - 1;
        long slab = Math.min(slabBlocks, data);
        return (data + slab - 1) / slab;
    }

    /** Slab journal blocks per slab: dm-vdo's 224, fewer for small slabs (a 32nd of the slab, at least 4). */
    int slabJournalBlocks() {
        long slab = Math.min(slabBlocks, physicalBlocks - 1);
        return (int) Math.min(224, Math.max(4, slab / 32));
    }

    long slabJournalOrigin() {
        return refCountOrigin() + refCountBlocks();
    }

    /** Where slab {@code i}'s journal ring starts. */
    long slabJournalOrigin(int slab) {
        return slabJournalOrigin() + (long) slab * slabJournalBlocks();
    }

    /** The slab summary: per slab 16 bytes (its journal start, the recovery point its counts are complete to). */
    long slabSummaryOrigin() {
        return slabJournalOrigin() + slabCount() * slabJournalBlocks();
    }

    static final int SUMMARY_ENTRY_SIZE = 16;

    long slabSummaryBlocks() {
        return (slabCount() * SUMMARY_ENTRY_SIZE + VdoConstants.BLOCK_SIZE - 1) / VdoConstants.BLOCK_SIZE;
    }

    /** Blocks the whole volume needs on its device. */
    long deviceBlocks() {
        return slabSummaryOrigin() + slabSummaryBlocks();
    }

    /** The largest physical size (data blocks + 1) whose layout fits a device of {@code deviceBlocks}; below 2 if none. */
    static long fitPhysical(long deviceBlocks, long logicalBlocks, int slabBlocks, int journalBlocks) {
        VdoLayout base = new VdoLayout(logicalBlocks, 2, slabBlocks, journalBlocks);
        long slabs = deviceBlocks / Math.max(1, slabBlocks) + 1;
        long p = deviceBlocks - journalBlocks - base.blockMapPages() - (deviceBlocks / COUNTS_PER_BLOCK + 1)
                - slabs - slabs * 224 - (slabs * SUMMARY_ENTRY_SIZE / VdoConstants.BLOCK_SIZE + 1);
        p = Math.max(p, Math.min(deviceBlocks / 2, deviceBlocks - journalBlocks - base.blockMapPages()));
        if (p < 2) {
            return p;
        }
        while (new VdoLayout(logicalBlocks, p + 1, slabBlocks, journalBlocks).deviceBlocks() <= deviceBlocks) {
            p++;
        }
        while (p >= 2 && new VdoLayout(logicalBlocks, p, slabBlocks, journalBlocks).deviceBlocks() > deviceBlocks) {
            p--;
        }
        return p;
    }
}
