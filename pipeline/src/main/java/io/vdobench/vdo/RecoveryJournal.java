package io.vdobench.vdo;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.SuperBlock;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.storage.BlockDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * dm-vdo's {@code recovery-journal.c}: every remapping of an LBN becomes an entry (the block map
 * slot, the new mapping, the old one: +1 reference to the new block, -1 to the old) before the
 * block map and the reference counts change; entries fill 4 KiB journal blocks in a ring of
 * {@code journalBlocks}, each block carrying its sequence number and the volume's nonce.
 *
 * <p>A journal block is written as dm-vdo writes it, with PREFLUSH (the device is flushed first, so
 * the data the entries map is on disk before them) when it is full or when a flush commits the
 * journal; a commit then flushes again (dm-vdo's FUA) and closes the block: the next entry starts a
 * new one, so a committed block is never rewritten. Blocks freed by an entry are not
 * allocated again until that entry is committed ({@link SlabDepot#decrementUncommitted}).
 * When the ring is nearly full, a checkpoint writes the dirty block map pages, flushes, and
 * records the new head (the first sequence number a replay needs) in the super block; its blocks
 * can then be reused.
 *
 * <p>Recovery ({@link #recover}) applies the entries from the head to the last valid block in
 * sequence onto the loaded block map (the last value of each LBN wins, so replaying entries the
 * pages already hold is harmless), and brings the saved reference counts up to date from the slab
 * journals ({@link SlabJournal}) and the recovery journal's entries they lack.
 *
 * <p>Concurrency: one monitor (this) for the entry, the block map update and the freed block, so
 * that a checkpoint, which holds it, writes pages that hold exactly the entries it committed.
 */
final class RecoveryJournal {
    /** dm-vdo: 31 entries per sector in the 7 sectors after the header sector, 217 per block. */
    static final int ENTRIES_PER_SECTOR = 31;
    static final int ENTRY_SECTORS = 7;
    static final int ENTRIES_PER_BLOCK = ENTRIES_PER_SECTOR * ENTRY_SECTORS;
    static final int ENTRY_SIZE = 16;
    static final int SECTOR_SIZE = 512;
    /** Offset of the CRC-32 in the header sector (not in dm-vdo's block: see FORMAT.md). */
    static final int CRC_OFFSET = SECTOR_SIZE - 4;
    /** dm-vdo's {@code VDO_JOURNAL_DATA_REMAPPING}. */
    static final int DATA_REMAPPING = 0;
    /** dm-vdo's metadata type of a recovery journal block ({@code VDO_METADATA_RECOVERY_JOURNAL_2}). */
    static final int METADATA_TYPE = 3;

    private final VdoVolume vdo;
    private final BlockDevice storage;
    private final VdoLayout layout;
    private final long nonce;
    private SuperBlock superBlock;
    /** The first sequence number a replay needs (everything older is in the block map pages on the device). */
    private long head;
    /** The sequence number of the block being filled. */
    private long tail;
    private int entries;
    private final byte[] block = new byte[VdoConstants.BLOCK_SIZE];
    private final byte[] pageBuffer = new byte[VdoConstants.BLOCK_SIZE];
    // Views made once: a ByteBuffer.wrap per journal block was the write path's only steady allocation.
    private final ByteBuffer blockView = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer pageView = ByteBuffer.wrap(pageBuffer).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    /** Blocks freed by entries not committed yet (grows when first filled, then reused). */
    private long[] uncommittedFrees = new long[1024];
    private int uncommittedFreeCount;
    private long commits;
    private long checkpoints;

    RecoveryJournal(VdoVolume vdo, VdoLayout layout, SuperBlock superBlock) {
        this.vdo = vdo;
        this.storage = vdo.storage;
        this.layout = layout;
        this.superBlock = superBlock;
        this.nonce = superBlock.nonce();
        this.head = superBlock.journalStart();
        this.tail = head;
    }

    SuperBlock superBlock() {
        return superBlock;
    }

    // ------------------------------------------------------------------ the write path

    /**
     * {@code vdo_add_recovery_journal_entry} and what follows it for a data_vio, under the journal's
     * monitor: the entry, the block map entry, and the old block's reference (freed blocks wait for
     * the commit). The new block's reference was taken before (provisional, committed).
     */
    synchronized void journalRemapping(long lbn, long oldMapping, long newMapping) {
        if (entries == ENTRIES_PER_BLOCK) {
            try {
                writeBlock(); // full: written now, durable at the next device flush
                advance();
            } catch (RuntimeException e) {
                throw vdo.enterReadOnlyMode(e);
            }
        }
        long point = tail << 16 | entries;
        encodeEntry(lbn, newMapping, oldMapping);
        entries++;
        vdo.blockMap.putJournaled(lbn, newMapping);
        long newPbn = BlockMapEntry.packedPbn(newMapping);
        long oldPbn = BlockMapEntry.packedPbn(oldMapping);
        try {
            if (newPbn != 0) {
                addSlabJournalEntry(newPbn, true, point);
            }
            if (oldPbn != 0 && vdo.depot.isDataBlock(oldPbn)) {
                addSlabJournalEntry(oldPbn, false, point);
            }
        } catch (RuntimeException e) {
            throw vdo.enterReadOnlyMode(e);
        }
        if (oldPbn != 0 && vdo.depot.isDataBlock(oldPbn) && vdo.depot.decrementUncommitted(oldPbn)) {
            if (uncommittedFreeCount == uncommittedFrees.length) {
                uncommittedFrees = Arrays.copyOf(uncommittedFrees, uncommittedFreeCount * 2);
            }
            uncommittedFrees[uncommittedFreeCount++] = oldPbn;
        }
    }

    /**
     * The reference change in its slab's journal and journaled counts. A full slab journal block is
     * written once the recovery journal holding its entries is committed; a slab journal near the
     * end of its ring makes a checkpoint.
     */
    private void addSlabJournalEntry(long pbn, boolean increment, long recoveryPoint) {
        SlabDepot.Slab s = vdo.depot.slabFor(pbn);
        int offset = (int) (pbn - s.firstPbn);
        s.journaled[offset] = (byte) ((s.journaled[offset] & 0xFF) + (increment ? 1 : -1));
        SlabJournal j = s.journal;
        j.add(offset, increment, recoveryPoint);
        if (j.full()) {
            commit(); // the recovery journal first: a slab journal block is never ahead of it
            j.writeTail(storage, nonce, crc); // (a checkpoint in the commit may have written it already)
            if (j.nearlyFull()) {
                checkpoint();
            }
        }
    }

    /** Commits if that gives blocks back to the allocator (an allocation found none). */
    synchronized void commitIfUncommittedFrees() {
        if (uncommittedFreeCount > 0) {
            commit();
        }
    }

    /**
     * Commits every entry made so far: the partial block is written and closed, the device flushed,
     * and the blocks those entries freed become allocatable.
     */
    synchronized void commit() {
        try {
            if (entries > 0) {
                writeBlock();
                advance();
            }
            storage.flush();
        } catch (RuntimeException e) {
            throw vdo.enterReadOnlyMode(e);
        }
        commits++;
        for (int i = 0; i < uncommittedFreeCount; i++) {
            vdo.depot.commitFree(uncommittedFrees[i]);
        }
        uncommittedFreeCount = 0;
    }

    /** Moves on to the next block, after a checkpoint if the ring would otherwise overwrite blocks still needed. */
    private void advance() {
        tail++;
        entries = 0;
        if (tail - head >= layout.journalBlocks() - 1) {
            checkpoint();
        }
    }

    /**
     * Writes the block map pages the entries so far changed, so that their blocks are no longer
     * needed: commit, pages, flush, then the new head in the super block (flushed before any block
     * of the next lap is written).
     */
    synchronized void checkpoint() {
        if (entries > 0) {
            writeBlock();
            tail++;
            entries = 0;
        }
        commit();
        long done = (tail << 16) - 1; // every entry before the next block is in what follows
        for (SlabDepot.Slab s : vdo.depot.slabs()) {
            s.journal.writeTail(storage, nonce, crc); // closes the partial block: its entries are committed
        }
        vdo.blockMap.writeDirtyPages(storage, layout.blockMapOrigin(), nonce, pageView);
        RefCounts.save(vdo.depot, storage, layout.refCountOrigin(), pageView);
        storage.flush();
        saveSlabSummary(done);
        storage.flush();
        head = tail;
        writeSuperBlock(superBlock.withJournalStart(head, superBlock.recoveries()));
        for (SlabDepot.Slab s : vdo.depot.slabs()) {
            s.journal.start = s.journal.tailSeq;
        }
        checkpoints++;
    }

    /**
     * The slab summary (dm-vdo's {@code slab_summary}, in its own form here): per slab its journal's
     * new start and the recovery point its saved counts are complete to.
     */
    private void saveSlabSummary(long done) {
        ByteBuffer b = pageView;
        SlabDepot.Slab[] slabs = vdo.depot.slabs();
        int perBlock = VdoConstants.BLOCK_SIZE / VdoLayout.SUMMARY_ENTRY_SIZE;
        for (int first = 0, block = 0; first < slabs.length; first += perBlock, block++) {
            Arrays.fill(pageBuffer, (byte) 0);
            for (int i = first; i < Math.min(slabs.length, first + perBlock); i++) {
                int off = (i - first) * VdoLayout.SUMMARY_ENTRY_SIZE;
                b.putLong(off, slabs[i].journal.tailSeq).putLong(off + 8, done);
            }
            storage.write(layout.slabSummaryOrigin() + block, pageBuffer, 0);
        }
    }

    /** Reads the slab summary into the slab journals' starts; returns each slab's complete-to recovery point. */
    private long[] loadSlabSummary() {
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        SlabDepot.Slab[] slabs = vdo.depot.slabs();
        long[] done = new long[slabs.length];
        int perBlock = VdoConstants.BLOCK_SIZE / VdoLayout.SUMMARY_ENTRY_SIZE;
        for (int first = 0, block = 0; first < slabs.length; first += perBlock, block++) {
            storage.read(layout.slabSummaryOrigin() + block, b, 0);
            for (int i = first; i < Math.min(slabs.length, first + perBlock); i++) {
                int off = (i - first) * VdoLayout.SUMMARY_ENTRY_SIZE;
                long start = bb.getLong(off);
                slabs[i].journal.start = start == 0 ? 1 : start;
                slabs[i].journal.tailSeq = slabs[i].journal.start;
                done[i] = bb.getLong(off + 8);
            }
        }
        return done;
    }

    /** A clean close: checkpoint (reference counts and slab summary with it), the super block marked clean. */
    synchronized void saveClean() {
        checkpoint();
        writeSuperBlock(superBlock.withState(SuperBlock.CLEAN));
    }

    synchronized void writeSuperBlock(SuperBlock s) {
        s.encode(pageBuffer);
        storage.write(0, pageBuffer, 0);
        storage.flush();
        superBlock = s;
    }

    synchronized long commits() {
        return commits;
    }

    synchronized long checkpoints() {
        return checkpoints;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * dm-vdo's {@code packed_recovery_journal_entry}: byte 0 = operation | slot bits 0..5 << 2;
     * byte 1 = slot bits 6..9 | page PBN bits 32..35 << 4; bytes 2..5 page PBN bits 0..31; 6..10
     * the new mapping, 11..15 the old one (5-byte block map entries).
     */
    private void encodeEntry(long lbn, long newMapping, long oldMapping) {
        int sector = 1 + entries / ENTRIES_PER_SECTOR;
        int off = sector * SECTOR_SIZE + 3 + (entries % ENTRIES_PER_SECTOR) * ENTRY_SIZE;
        long pagePbn = layout.blockMapOrigin() + lbn / VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE;
        int slot = (int) (lbn % VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE);
        block[off] = (byte) (DATA_REMAPPING | (slot & 0x3F) << 2);
        block[off + 1] = (byte) ((slot >>> 6) & 0xF | (int) ((pagePbn >>> 32) & 0xF) << 4);
        putInt(block, off + 2, (int) pagePbn);
        BlockMapEntry.encode(BlockMapEntry.packedPbn(newMapping), BlockMapEntry.packedState(newMapping), block, off + 6);
        BlockMapEntry.encode(BlockMapEntry.packedPbn(oldMapping), BlockMapEntry.packedState(oldMapping), block, off + 11);
    }

    /**
     * The header sector (fields of dm-vdo's {@code packed_journal_header}, nonce first, and a CRC-32
     * of the block), the sector headers (check byte, recovery count, entry count), then the write.
     */
    private void writeBlock() {
        // PREFLUSH, as dm-vdo writes journal blocks: the data the entries map is durable before them
        storage.flush();
        Arrays.fill(block, 0, SECTOR_SIZE, (byte) 0);
        ByteBuffer b = blockView;
        int checkByte = checkByte(tail);
        int recoveryCount = (int) (superBlock.recoveries() & 0xFF);
        b.putLong(0, nonce).putLong(8, tail).putLong(16, head).putLong(24, head);
        block[32] = METADATA_TYPE;
        b.putShort(33, (short) entries);
        b.putLong(35, vdo.counters.logicalUsed.sum());
        b.putLong(43, vdo.blockMap.allocatedPages());
        block[51] = (byte) checkByte;
        block[52] = (byte) recoveryCount;
        for (int s = 0; s < ENTRY_SECTORS; s++) {
            int off = (1 + s) * SECTOR_SIZE;
            int inSector = Math.max(0, Math.min(ENTRIES_PER_SECTOR, entries - s * ENTRIES_PER_SECTOR));
            block[off] = (byte) checkByte;
            block[off + 1] = (byte) recoveryCount;
            block[off + 2] = (byte) inSector;
            int used = 3 + inSector * ENTRY_SIZE;
            Arrays.fill(block, off + used, off + SECTOR_SIZE, (byte) 0);
        }
        b.putInt(CRC_OFFSET, blockCrc(block));
        storage.write(slotOf(tail), block, 0);
    }

    private long slotOf(long sequence) {
        return layout.journalOrigin() + Math.floorMod(sequence, (long) layout.journalBlocks());
    }

    /** dm-vdo's {@code compute_recovery_check_byte}: the sequence's lap through the ring, with the top bit set. */
    private int checkByte(long sequence) {
        return (int) ((sequence / layout.journalBlocks()) & 0x7F) | 0x80;
    }

    private int blockCrc(byte[] b) {
        crc.reset();
        crc.update(b, 0, CRC_OFFSET);
        crc.update(b, CRC_OFFSET + 4, b.length - CRC_OFFSET - 4);
        return (int) crc.getValue();
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    // ------------------------------------------------------------------ recovery

    /** What a recovery found. */
    record ReplayResult(long firstSequence, long blocks, long entries, long slabJournalBlocks) {}

    /** Writes what a new volume needs besides its super block: zero reference counts and the slab summary. */
    synchronized void format() {
        RefCounts.save(vdo.depot, storage, layout.refCountOrigin(), pageView);
        saveSlabSummary(0);
        storage.flush();
        writeSuperBlock(superBlock);
    }

    /**
     * Loads the reference counts and brings them and the block map up to date ({@code repair.c},
     * {@code vdo_replay_into_slab_journals}, {@code scrub_slabs}): per slab, the saved counts, then
     * its journal's entries from its start (each applied where the sector lacks it); then the
     * recovery journal from the super block's head, block after block while each is valid (CRC,
     * nonce, the expected sequence number), onto the block map, with each reference change that no
     * slab journal on the device holds added to its slab again (at the point it had), so applied
     * exactly once. With {@code clean} (a clean close) there is nothing to replay. The journals then
     * start a full ring past what was read, so that no block left from before can pass for a new one.
     */
    synchronized ReplayResult recover(boolean clean) {
        long[] done = loadSlabSummary();
        RefCounts.load(vdo.depot, storage, layout.refCountOrigin());
        SlabDepot.Slab[] slabs = vdo.depot.slabs();
        long slabBlocks = 0;
        for (int i = 0; i < slabs.length; i++) {
            SlabDepot.Slab s = slabs[i];
            slabBlocks += s.journal.replay(storage, nonce, done[i],
                    (point, offset, increment) -> applySlabEntry(s, point, offset, increment));
        }
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long sequence = head;
        long applied = 0;
        long blocks = 0;
        while (!clean) {
            storage.read(slotOf(sequence), b, 0);
            if (bb.getInt(CRC_OFFSET) != blockCrc(b) || bb.getLong(0) != nonce || bb.getLong(8) != sequence
                    || b[32] != METADATA_TYPE) {
                break;
            }
            int count = bb.getShort(33) & 0xFFFF;
            if (count > ENTRIES_PER_BLOCK) {
                break;
            }
            for (int e = 0; e < count; e++) {
                int off = (1 + e / ENTRIES_PER_SECTOR) * SECTOR_SIZE + 3 + (e % ENTRIES_PER_SECTOR) * ENTRY_SIZE;
                int slot = (b[off] & 0xFF) >>> 2 | (b[off + 1] & 0xF) << 6;
                long pagePbn = (long) ((b[off + 1] & 0xFF) >>> 4) << 32 | (getInt(b, off + 2) & 0xFFFFFFFFL);
                long lbn = (pagePbn - layout.blockMapOrigin()) * VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE + slot;
                long newMapping = BlockMap.decodePacked(b, off + 6);
                long oldMapping = BlockMap.decodePacked(b, off + 11);
                if (lbn < 0 || lbn >= layout.logicalBlocks() || slot >= VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE
                        || !replayable(newMapping)) {
                    throw corrupt("journal block " + sequence + " entry " + e + " is not a valid remapping");
                }
                vdo.blockMap.put(lbn, newMapping);
                long point = sequence << 16 | e;
                long newPbn = BlockMapEntry.packedPbn(newMapping);
                long oldPbn = BlockMapEntry.packedPbn(oldMapping);
                if (newPbn != 0) {
                    readdToSlab(newPbn, true, point);
                }
                if (oldPbn != 0 && vdo.depot.isDataBlock(oldPbn)) {
                    readdToSlab(oldPbn, false, point);
                }
                applied++;
            }
            blocks++;
            sequence++;
        }
        ReplayResult r = new ReplayResult(head, blocks, applied, slabBlocks);
        head = sequence + layout.journalBlocks();
        tail = head;
        entries = 0;
        for (SlabDepot.Slab s : slabs) {
            s.journal.tailSeq += layout.slabJournalBlocks() + 1;
            s.journal.tailCount = 0;
            s.journal.start = s.journal.tailSeq;
        }
        RefCounts.adopt(vdo.depot);
        return r;
    }

    /** A recovery journal entry's reference change, unless its slab's journal on the device has it. */
    private void readdToSlab(long pbn, boolean increment, long recoveryPoint) {
        SlabDepot.Slab s = vdo.depot.slabFor(pbn);
        SlabJournal j = s.journal;
        if (recoveryPoint <= j.lastRecoveryPoint) {
            return;
        }
        long point = j.nextPoint();
        if (++j.tailCount == SlabJournal.ENTRIES_PER_BLOCK) {
            j.tailSeq++;
            j.tailCount = 0;
        }
        applySlabEntry(s, point, (int) (pbn - s.firstPbn), increment);
    }

    /** A slab journal entry onto the saved counts, if its sector was saved before it. */
    private void applySlabEntry(SlabDepot.Slab s, long point, int offset, boolean increment) {
        if (offset >= s.journaled.length) {
            throw corrupt("slab " + s.journal.slab + " journal entry for offset " + offset + " beyond the slab");
        }
        if (point < s.sectorPoints[offset / VdoLayout.COUNTS_PER_SECTOR]) {
            return;
        }
        int c = (s.journaled[offset] & 0xFF) + (increment ? 1 : -1);
        if (c < 0 || c > VdoConstants.MAXIMUM_REFERENCE_COUNT) {
            throw corrupt("reference count of PBN " + (s.firstPbn + offset) + " would become " + c);
        }
        s.journaled[offset] = (byte) c;
    }

    private static io.vdobench.vdo.format.VdoException corrupt(String what) {
        return new io.vdobench.vdo.format.VdoException(io.vdobench.vdo.format.VdoStatus.CORRUPT_JOURNAL, what);
    }

    private boolean replayable(long mapping) {
        long pbn = BlockMapEntry.packedPbn(mapping);
        int state = BlockMapEntry.packedState(mapping);
        return BlockMapEntry.isValid(pbn, state) && (pbn == 0 || vdo.depot.isDataBlock(pbn));
    }

    /** After a replay (or a clean load): the head the super block records from now on. */
    synchronized long head() {
        return head;
    }
}
