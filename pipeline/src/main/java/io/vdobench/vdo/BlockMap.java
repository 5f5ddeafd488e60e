package io.vdobench.vdo;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.VdoConstants;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The logical-to-physical map. Entries are grouped into pages of 812 (one dm-vdo block map page);
 * a page is allocated on the first write into it (including zero writes) but never by a read or a
 * discard, as dm-vdo allocates tree pages. Entries are kept in the packed form
 * {@code pbn << 4 | state} ({@link BlockMapEntry#pack}).
 *
 * <p>Concurrency: an entry is read and written only by the holder of its LBN lock, which orders
 * the accesses; pages are published with a CAS.
 */
final class BlockMap {
    private static final int PER_PAGE = VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE;
    private final long logicalBlocks;
    private final AtomicReferenceArray<long[]> pages;

    BlockMap(long logicalBlocks) {
        long n = (logicalBlocks + PER_PAGE - 1) / PER_PAGE;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("logical size too large for the in-memory block map: " + logicalBlocks);
        }
        this.logicalBlocks = logicalBlocks;
        this.pages = new AtomicReferenceArray<>((int) n);
    }

    long logicalBlocks() {
        return logicalBlocks;
    }

    /** The packed entry; 0 (unmapped) if its page was never allocated. */
    long get(long lbn) {
        long[] page = pages.get((int) (lbn / PER_PAGE));
        return page == null ? 0 : page[(int) (lbn % PER_PAGE)];
    }

    boolean pageAllocated(long lbn) {
        return pages.get((int) (lbn / PER_PAGE)) != null;
    }

    /** Stores a packed entry, allocating the page unless the store is a no-op discard into an absent page. */
    void put(long lbn, long packed) {
        int pi = (int) (lbn / PER_PAGE);
        long[] page = pages.get(pi);
        if (page == null) {
            if (packed == 0) {
                return; // discard of a never-written page: dm-vdo does not allocate it
            }
            pages.compareAndSet(pi, null, new long[PER_PAGE]);
            page = pages.get(pi);
        }
        page[(int) (lbn % PER_PAGE)] = packed;
    }

    /** Number of allocated pages (what dm-vdo would hold as leaf pages). */
    long allocatedPages() {
        long n = 0;
        for (int i = 0; i < pages.length(); i++) {
            if (pages.get(i) != null) {
                n++;
            }
        }
        return n;
    }
}
