package io.vdobench.vdo;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.storage.BlockDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
    /** Pages changed since they were last written (only with a recovery journal, which guards it). */
    private final boolean[] dirty;

    BlockMap(long logicalBlocks) {
        long n = (logicalBlocks + PER_PAGE - 1) / PER_PAGE;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("logical size too large for the in-memory block map: " + logicalBlocks);
        }
        this.logicalBlocks = logicalBlocks;
        this.pages = new AtomicReferenceArray<>((int) n);
        this.dirty = new boolean[(int) n];
    }

    int pageCount() {
        return pages.length();
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

    /**
     * A journaled update (the recovery journal's monitor is held): the entry, and its page marked for
     * the next write-back.
     */
    void putJournaled(long lbn, long packed) {
        put(lbn, packed);
        int pi = (int) (lbn / PER_PAGE);
        if (pages.get(pi) != null) {
            dirty[pi] = true;
        }
    }

    // ------------------------------------------------------------------ pages on the device

    /** dm-vdo's block map page version 4.1 ({@code vdo_format_block_map_page}). */
    static final int PAGE_MAJOR = 4;
    static final int PAGE_MINOR = 1;
    /** Version (8) + nonce, pbn, 8 unused, initialized, 3 unused: 36 bytes before the 812 entries. */
    static final int PAGE_HEADER_SIZE = 36;

    /**
     * Writes every dirty page to {@code origin + page index} in dm-vdo's page layout (the caller holds
     * the journal's monitor, so no entry changes meanwhile); returns the pages written.
     */
    int writeDirtyPages(BlockDevice storage, long origin, long nonce, ByteBuffer buffer) {
        int written = 0;
        for (int pi = 0; pi < dirty.length; pi++) {
            if (dirty[pi]) {
                encodePage(pages.get(pi), origin + pi, nonce, buffer);
                storage.write(origin + pi, buffer.array(), 0);
                dirty[pi] = false;
                written++;
            }
        }
        return written;
    }

    /** Marks every allocated page dirty (after a replay: the replayed entries go to the device). */
    void markAllocatedDirty() {
        for (int pi = 0; pi < dirty.length; pi++) {
            dirty[pi] = pages.get(pi) != null;
        }
    }

    /** {@code bb}: a little-endian view of the page's 4 KiB scratch array. */
    static void encodePage(long[] page, long pbn, long nonce, ByteBuffer bb) {
        byte[] b = bb.array();
        Arrays.fill(b, 0, PAGE_HEADER_SIZE, (byte) 0);
        bb.putInt(0, PAGE_MAJOR).putInt(4, PAGE_MINOR).putLong(8, nonce).putLong(16, pbn);
        b[32] = 1; // initialized
        for (int i = 0; i < PER_PAGE; i++) {
            long e = page[i];
            BlockMapEntry.encode(BlockMapEntry.packedPbn(e), BlockMapEntry.packedState(e), b,
                    PAGE_HEADER_SIZE + i * BlockMapEntry.ENCODED_SIZE);
        }
    }

    /**
     * Loads the pages from the device: a page is allocated when it is valid as dm-vdo's
     * {@code vdo_validate_block_map_page} checks it (version 4.1, initialized, this volume's nonce,
     * its own PBN); any other block (never written, another volume's) is an unallocated page.
     */
    void load(BlockDevice storage, long origin, long nonce) {
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int pi = 0; pi < pages.length(); pi++) {
            storage.read(origin + pi, b, 0);
            if (bb.getInt(0) != PAGE_MAJOR || bb.getInt(4) != PAGE_MINOR || bb.getLong(8) != nonce
                    || bb.getLong(16) != origin + pi || b[32] != 1) {
                pages.set(pi, null);
                continue;
            }
            long[] page = new long[PER_PAGE];
            for (int i = 0; i < PER_PAGE; i++) {
                page[i] = decodePacked(b, PAGE_HEADER_SIZE + i * BlockMapEntry.ENCODED_SIZE);
            }
            pages.set(pi, page);
            dirty[pi] = false;
        }
    }

    /** The packed form of a 5-byte entry (no allocation, unlike {@link BlockMapEntry#decode}). */
    static long decodePacked(byte[] b, int off) {
        int b0 = b[off] & 0xFF;
        long low = (b[off + 1] & 0xFFL) | (b[off + 2] & 0xFFL) << 8 | (b[off + 3] & 0xFFL) << 16
                | (b[off + 4] & 0xFFL) << 24;
        long pbn = (long) (b0 >>> 4) << 32 | low;
        return BlockMapEntry.pack(pbn, b0 & 0xF);
    }

    /** A mapped entry's LBN and packed value. */
    interface EntryConsumer {
        void accept(long lbn, long packed);
    }

    /** Calls {@code c} for every entry that is not unmapped. */
    void forEachMapped(EntryConsumer c) {
        for (int pi = 0; pi < pages.length(); pi++) {
            long[] page = pages.get(pi);
            if (page == null) {
                continue;
            }
            for (int i = 0; i < PER_PAGE; i++) {
                if (page[i] != 0) {
                    c.accept((long) pi * PER_PAGE + i, page[i]);
                }
            }
        }
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
