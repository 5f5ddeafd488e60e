package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Physical space: data blocks 1..N-1 (PBN 0 is the zero block) split into slabs, each with one
 * reference count per block, as dm-vdo's {@code vdo_slab}/{@code reference_counts}: 0 free,
 * 1..254 references, 255 provisional (allocated, not yet committed). Each slab is its own lock
 * (dm-vdo's physical zone), and allocation starts in a slab chosen by the calling thread, so
 * concurrent writers rarely meet.
 */
final class SlabDepot {
    static final int PROVISIONAL = 255;

    private final long physicalBlocks;
    private final int slabBlocks;
    /** log2(slabBlocks) when it is a power of two (the default 8192), else -1: a shift instead of a 64-bit division. */
    private final int slabShift;
    private final Slab[] slabs;
    /** Per physical zone, the slab (counted within the zone) where its last allocation succeeded. */
    private final int[] zoneCursor = new int[ThreadConfig.MAX_PHYSICAL_ZONES];

    static final class Slab {
        final long firstPbn;
        final byte[] counts;
        int free;
        int cursor;
        /**
         * Blocks freed by a recovery journal entry that is not committed yet (one bit per block;
         * null without metadata): free, but not allocated until the commit, so that a crash which
         * loses the entry cannot find the block's old, still mapped data overwritten.
         */
        long[] uncommittedFrees;
        int uncommittedFreeCount;
        /**
         * With a recovery journal (guarded by its monitor): the counts its entries imply (provisional
         * references and claims not yet journaled are not in them), what the reference count blocks
         * hold; and per 504-count sector the slab journal point from which a saved sector lacks entries.
         */
        byte[] journaled;
        long[] sectorPoints;
        SlabJournal journal;

        Slab(long firstPbn, int blocks) {
            this.firstPbn = firstPbn;
            this.counts = new byte[blocks];
            this.free = blocks;
        }

        boolean uncommittedFree(int i) {
            return uncommittedFreeCount > 0 && (uncommittedFrees[i >>> 6] & (1L << i)) != 0;
        }
    }

    SlabDepot(long physicalBlocks, int slabBlocks) {
        if (physicalBlocks < 2) {
            throw new IllegalArgumentException("need at least 2 physical blocks");
        }
        this.physicalBlocks = physicalBlocks;
        long data = physicalBlocks - 1;
        this.slabBlocks = (int) Math.min(slabBlocks, data);
        this.slabShift = Integer.bitCount(this.slabBlocks) == 1 ? Integer.numberOfTrailingZeros(this.slabBlocks) : -1;
        int n = (int) ((data + this.slabBlocks - 1) / this.slabBlocks);
        slabs = new Slab[n];
        for (int i = 0; i < n; i++) {
            long first = 1 + (long) i * this.slabBlocks;
            slabs[i] = new Slab(first, (int) Math.min(this.slabBlocks, physicalBlocks - first));
        }
    }

    long dataBlocks() {
        return physicalBlocks - 1;
    }

    boolean isDataBlock(long pbn) {
        return pbn >= 1 && pbn < physicalBlocks;
    }

    private Slab slabOf(long pbn) {
        if (!isDataBlock(pbn)) {
            throw new IllegalArgumentException("PBN " + pbn + " is not a data block");
        }
        long i = pbn - 1;
        return slabs[(int) (slabShift >= 0 ? i >>> slabShift : i / slabBlocks)];
    }

    /** Allocates a free block with a provisional reference; 0 when the depot is full (VDO_NO_SPACE). */
    long allocate() {
        int count = slabs.length;
        int start = (int) (Thread.currentThread().threadId() % count);
        for (int k = 0, si = start; k < count; k++, si = si + 1 == count ? 0 : si + 1) {
            long pbn = allocateInSlab(slabs[si]);
            if (pbn != 0) {
                return pbn;
            }
        }
        return 0;
    }

    /**
     * Allocates in one physical zone's slabs (slab n belongs to zone n mod {@code zones}, as dm-vdo
     * deals them to its block allocators), starting where the zone last succeeded; 0 when they are
     * all full.
     */
    long allocateInZone(int zone, int zones) {
        int owned = (slabs.length - zone + zones - 1) / zones;
        int start = zoneCursor[zone];
        for (int k = 0; k < owned; k++) {
            int j = (start + k) % owned;
            long pbn = allocateInSlab(slabs[zone + j * zones]);
            if (pbn != 0) {
                zoneCursor[zone] = j;
                return pbn;
            }
        }
        return 0;
    }

    /** The physical zone of a data block. */
    int zoneOf(long pbn, int zones) {
        long i = pbn - 1;
        return (int) ((slabShift >= 0 ? i >>> slabShift : i / slabBlocks) % zones);
    }

    private long allocateInSlab(Slab s) {
        synchronized (s) {
            if (s.free == 0) {
                return 0;
            }
            // the first free counter at or after the cursor, wrapping (as a byte-by-byte scan would find it)
            int n = s.counts.length;
            int idx = findAllocatable(s, s.cursor, n);
            if (idx < 0) {
                idx = findAllocatable(s, 0, s.cursor);
            }
            if (idx < 0) {
                if (s.uncommittedFreeCount > 0) {
                    return 0; // only blocks whose freeing is not committed yet
                }
                throw new IllegalStateException("slab free count " + s.free + " but no free block");
            }
            s.counts[idx] = (byte) PROVISIONAL;
            s.free--;
            s.cursor = idx + 1 == n ? 0 : idx + 1;
            return s.firstPbn + idx;
        }
    }

    /** The first free block in {@code [from, to)} that is not waiting for its journal commit, or -1. */
    private static int findAllocatable(Slab s, int from, int to) {
        int i = findFree(s.counts, from, to);
        while (i >= 0 && s.uncommittedFree(i)) {
            i = findFree(s.counts, i + 1, to);
        }
        return i;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Index of the first zero counter in {@code counts[from, to)}, or -1. Tests eight counters per
     * step, as dm-vdo's {@code find_free_block} does: in {@code (w - 0x01..) & ~w & 0x80..} the
     * lowest set bit marks the first zero byte exactly (borrows only disturb higher bytes).
     */
    static int findFree(byte[] counts, int from, int to) {
        int i = from;
        for (; i <= to - 8; i += 8) {
            long w = (long) LONGS.get(counts, i);
            long z = (w - ONES) & ~w & HIGHS;
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (counts[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Turns a provisional reference into {@code refs} real ones (a packed block gets one per fragment). */
    void commitProvisional(long pbn, int refs) {
        if (refs < 1 || refs > VdoConstants.MAXIMUM_REFERENCE_COUNT) {
            throw new IllegalArgumentException("bad reference count " + refs);
        }
        Slab s = slabOf(pbn);
        synchronized (s) {
            int i = (int) (pbn - s.firstPbn);
            if ((s.counts[i] & 0xFF) != PROVISIONAL) {
                throw new IllegalStateException("PBN " + pbn + " is not provisionally allocated");
            }
            s.counts[i] = (byte) refs;
        }
    }

    /** Frees an allocation that was not used. */
    void releaseProvisional(long pbn) {
        Slab s = slabOf(pbn);
        synchronized (s) {
            int i = (int) (pbn - s.firstPbn);
            if ((s.counts[i] & 0xFF) != PROVISIONAL) {
                throw new IllegalStateException("PBN " + pbn + " is not provisionally allocated");
            }
            s.counts[i] = 0;
            s.free++;
        }
    }

    /**
     * Claims up to {@code want} more references on a committed block (1..253 references now);
     * returns how many were granted (0 for a free, provisional, or saturated block).
     */
    int claim(long pbn, int want) {
        if (!isDataBlock(pbn)) {
            return 0;
        }
        Slab s = slabOf(pbn);
        synchronized (s) {
            int i = (int) (pbn - s.firstPbn);
            int c = s.counts[i] & 0xFF;
            if (c == 0 || c == PROVISIONAL) {
                return 0;
            }
            int granted = Math.min(want, VdoConstants.MAXIMUM_REFERENCE_COUNT - c);
            s.counts[i] = (byte) (c + granted);
            return granted;
        }
    }

    /** Drops one reference; the block is free again at zero. */
    void decrement(long pbn) {
        decrement(pbn, false);
    }

    // ------------------------------------------------------------------ with a recovery journal

    /** Turns on what the recovery journal needs: uncommitted frees, journaled counts, slab journals. */
    void trackJournal(VdoLayout layout, long slabJournalStart) {
        for (int i = 0; i < slabs.length; i++) {
            Slab s = slabs[i];
            s.uncommittedFrees = new long[(s.counts.length + 63) >>> 6];
            s.journaled = new byte[s.counts.length];
            s.sectorPoints = new long[(s.counts.length + VdoLayout.COUNTS_PER_SECTOR - 1) / VdoLayout.COUNTS_PER_SECTOR];
            s.journal = new SlabJournal(i, layout.slabJournalOrigin(i), layout.slabJournalBlocks(), slabJournalStart);
        }
    }

    /** The slab of a data block. */
    Slab slabFor(long pbn) {
        return slabOf(pbn);
    }

    /**
     * Drops one reference for a journaled remapping; returns true when the block became free, and
     * then keeps it from allocation until {@link #commitFree} (the journal entry is on disk).
     */
    boolean decrementUncommitted(long pbn) {
        return decrement(pbn, true);
    }

    /** One reference less; true when the block became free (held back from allocation if {@code uncommitted}). */
    private boolean decrement(long pbn, boolean uncommitted) {
        Slab s = slabOf(pbn);
        synchronized (s) {
            int i = (int) (pbn - s.firstPbn);
            int c = s.counts[i] & 0xFF;
            if (c == 0 || c == PROVISIONAL) {
                throw new IllegalStateException("decrement of PBN " + pbn + " with count " + c);
            }
            s.counts[i] = (byte) (c - 1);
            if (c != 1) {
                return false;
            }
            s.free++;
            if (!uncommitted) {
                return true;
            }
            long bit = 1L << i;
            if ((s.uncommittedFrees[i >>> 6] & bit) == 0) {
                s.uncommittedFrees[i >>> 6] |= bit;
                s.uncommittedFreeCount++;
            }
            return true;
        }
    }

    /** The journal entry that freed {@code pbn} is committed: the block may be allocated again. */
    void commitFree(long pbn) {
        Slab s = slabOf(pbn);
        synchronized (s) {
            int i = (int) (pbn - s.firstPbn);
            long bit = 1L << i;
            if ((s.uncommittedFrees[i >>> 6] & bit) != 0) {
                s.uncommittedFrees[i >>> 6] &= ~bit;
                s.uncommittedFreeCount--;
            }
        }
    }

    /** Slabs in depot order (for the reference count blocks). */
    Slab[] slabs() {
        return slabs;
    }

    /** Recomputes each slab's free count after its counts were loaded; provisional ones are dropped. */
    void recountFree() {
        for (Slab s : slabs) {
            int free = 0;
            for (int i = 0; i < s.counts.length; i++) {
                if ((s.counts[i] & 0xFF) == PROVISIONAL) {
                    s.counts[i] = 0; // dm-vdo drops provisional references on load
                }
                if (s.counts[i] == 0) {
                    free++;
                }
            }
            s.free = free;
            s.cursor = 0;
        }
    }

    /** The reference count of a block (255 = provisional). */
    int count(long pbn) {
        Slab s = slabOf(pbn);
        synchronized (s) {
            return s.counts[(int) (pbn - s.firstPbn)] & 0xFF;
        }
    }

    /** Blocks not free (including provisional ones). */
    long usedBlocks() {
        long free = 0;
        for (Slab s : slabs) {
            synchronized (s) {
                free += s.free;
            }
        }
        return dataBlocks() - free;
    }

    int slabCount() {
        return slabs.length;
    }
}
