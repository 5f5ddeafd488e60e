package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.storage.BlockDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * One slab's journal (dm-vdo {@code slab-depot.c}'s {@code slab_journal}): every reference change
 * of a block in the slab, in the order of the recovery journal entries that made them, as 3-byte
 * entries (the block's offset in the slab and whether it is an increment) in 4 KiB blocks in a
 * ring of {@link VdoLayout#slabJournalBlocks()} blocks. A block is written when it is full, after
 * the recovery journal entries in it are committed (so a slab journal is never ahead of the
 * recovery journal), and at a checkpoint, which also writes the slab's reference count blocks and
 * moves the journal's start. Entry {@code i} of block {@code seq} has the slab journal point
 * {@code seq << 16 | i}; each reference count sector records the point from which its counts lack
 * entries, so that a replay applies each entry exactly once.
 *
 * <p>Guarded by the recovery journal's monitor.
 */
final class SlabJournal {
    /** Header: nonce, sequence, start (head), recovery point of the last entry, slab index, type, entry count. */
    static final int HEADER_SIZE = 8 + 8 + 8 + 8 + 4 + 1 + 1 + 2;
    static final int ENTRY_SIZE = 3;
    static final int CRC_OFFSET = VdoConstants.BLOCK_SIZE - 4;
    /** dm-vdo fits 1353; one fewer here for the CRC. */
    static final int ENTRIES_PER_BLOCK = (CRC_OFFSET - HEADER_SIZE) / ENTRY_SIZE;
    /** dm-vdo's {@code VDO_METADATA_SLAB_JOURNAL}. */
    static final int METADATA_TYPE = 2;

    final int slab;
    private final long origin;
    private final int ringBlocks;
    /** The first sequence number a replay reads (older blocks' entries are in the reference count blocks). */
    long start;
    /** The block being filled. */
    long tailSeq;
    int tailCount;
    /** The recovery journal point of the last entry added. */
    long lastRecoveryPoint;
    private final byte[] block = new byte[VdoConstants.BLOCK_SIZE];
    private final ByteBuffer blockView = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN); // once: no allocation per block

    SlabJournal(int slab, long origin, int ringBlocks, long start) {
        this.slab = slab;
        this.origin = origin;
        this.ringBlocks = ringBlocks;
        this.start = start;
        this.tailSeq = start;
    }

    /** The point the next entry gets. */
    long nextPoint() {
        return tailSeq << 16 | tailCount;
    }

    boolean full() {
        return tailCount == ENTRIES_PER_BLOCK;
    }

    /** Blocks written since the start, with the one being filled: a checkpoint is due near the ring's size. */
    boolean nearlyFull() {
        return tailSeq - start >= ringBlocks - 2;
    }

    /** dm-vdo's {@code packed_slab_journal_entry}: offset bits 0..7, 8..15, 16..22 | increment << 7. */
    void add(int offset, boolean increment, long recoveryPoint) {
        int off = HEADER_SIZE + tailCount * ENTRY_SIZE;
        block[off] = (byte) offset;
        block[off + 1] = (byte) (offset >>> 8);
        block[off + 2] = (byte) ((offset >>> 16) & 0x7F | (increment ? 0x80 : 0));
        tailCount++;
        lastRecoveryPoint = recoveryPoint;
    }

    /** Writes the block being filled (if it has entries) and starts the next. */
    void writeTail(BlockDevice storage, long nonce, CRC32 crc) {
        if (tailCount == 0) {
            return;
        }
        ByteBuffer b = blockView;
        b.putLong(0, nonce).putLong(8, tailSeq).putLong(16, start).putLong(24, lastRecoveryPoint).putInt(32, slab);
        block[36] = METADATA_TYPE;
        block[37] = 0; // has_block_map_increments: the block map's pages are not in the slabs here
        b.putShort(38, (short) tailCount);
        Arrays.fill(block, HEADER_SIZE + tailCount * ENTRY_SIZE, CRC_OFFSET, (byte) 0);
        b.putInt(CRC_OFFSET, crc(block, crc));
        storage.write(slotOf(tailSeq), block, 0);
        tailSeq++;
        tailCount = 0;
    }

    long slotOf(long sequence) {
        return origin + Math.floorMod(sequence, (long) ringBlocks);
    }

    static int crc(byte[] b, CRC32 crc) {
        crc.reset();
        crc.update(b, 0, CRC_OFFSET);
        return (int) crc.getValue();
    }

    /** An entry of a journal block being replayed. */
    interface EntryConsumer {
        void accept(long slabPoint, int offset, boolean increment);
    }

    /**
     * Replays the blocks from {@link #start} while each is whole (CRC), this volume's, this slab's
     * and the next in sequence; the journal then continues after the last one read, and
     * {@link #lastRecoveryPoint} is that block's (or {@code floor} if none was read). Returns the blocks read.
     */
    int replay(BlockDevice storage, long nonce, long floor, EntryConsumer c) {
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        long seq = start;
        lastRecoveryPoint = floor;
        int blocks = 0;
        while (blocks < ringBlocks) {
            storage.read(slotOf(seq), b, 0);
            int count = bb.getShort(38) & 0xFFFF;
            if (bb.getInt(CRC_OFFSET) != crc(b, crc) || bb.getLong(0) != nonce || bb.getLong(8) != seq
                    || bb.getInt(32) != slab || b[36] != METADATA_TYPE || count > ENTRIES_PER_BLOCK) {
                break;
            }
            for (int i = 0; i < count; i++) {
                int off = HEADER_SIZE + i * ENTRY_SIZE;
                int offset = (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0x7F) << 16;
                c.accept(seq << 16 | i, offset, (b[off + 2] & 0x80) != 0);
            }
            lastRecoveryPoint = Math.max(floor, bb.getLong(24));
            seq++;
            blocks++;
        }
        tailSeq = seq;
        tailCount = 0;
        return blocks;
    }
}
