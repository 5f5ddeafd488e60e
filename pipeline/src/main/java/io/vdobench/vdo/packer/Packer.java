package io.vdobench.vdo.packer;

import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_DATA_SIZE;
import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_HEADER_SIZE;
import static io.vdobench.vdo.format.VdoConstants.MAX_COMPRESSION_SLOTS;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;

/**
 * dm-vdo's packer (packer.c): a fixed set of bins kept in ascending order of free space (fullest
 * first); a fragment goes to the first bin it fits in ("first best fit"); if none fits it either
 * overflows the fullest bin (writing that bin's batch first) or, when it is at least as large as
 * the fullest bin's used bytes, is rejected and written uncompressed. A bin is written when it
 * reaches 14 fragments or exactly 4060 bytes, on overflow, on flush, or never (no timer).
 * Writing pops the bin from the end: the last fragment added becomes the agent in slot 0, the
 * others follow in reverse arrival order; a batch of one is written uncompressed.
 *
 * <p>Cancellation follows dm-vdo's protocol: whoever wins {@link PackerEntry#cancelCompression()}
 * on an entry in a bin asks for its {@link #remove}; an entry that was cancelled but is still in a
 * bin when the bin is written goes to the canceled bin instead of the batch, and waits there for
 * that removal ({@code remove_from_bin}). Entries written before the packer's last flush
 * generation are refused ({@link Outcome#ABORTED}), so that a flush never waits on a fragment
 * that parked after it emptied the bins.
 *
 * <p>Thread-safety: every method is {@code synchronized}; it only moves references and copies at
 * most one block of fragment bytes. The caller writes the batch outside this lock.
 */
public final class Packer {
    /** Outcome of {@link #add}. */
    public enum Outcome {
        /** Parked in a bin; nothing to write now. */
        PARKED,
        /** A batch was filled into the caller's {@link PackerBatch}; the entry is parked or in that batch. */
        BATCH,
        /** No bin can take it: the caller writes the data uncompressed (dm-vdo's select_bin returning NULL). */
        REJECTED,
        /** Cancelled, or older than the last flush: the caller writes it uncompressed ({@code abort_packing}). */
        ABORTED
    }

    private final PackerBin[] order;
    private final PackerBin canceled;
    private final CompressedBlockFormat format;
    private int fragmentsInPacker;
    private long flushGeneration;

    public Packer(int binCount, CompressedBlockFormat format) {
        if (binCount < 1) {
            throw new IllegalArgumentException("need at least one packer bin, got " + binCount);
        }
        this.order = new PackerBin[binCount];
        for (int i = 0; i < binCount; i++) {
            order[i] = new PackerBin(i);
        }
        this.canceled = new PackerBin(-1, binCount * MAX_COMPRESSION_SLOTS);
        this.format = format;
    }

    public CompressedBlockFormat format() {
        return format;
    }

    /**
     * {@code vdo_attempt_packing}: selects a bin and adds the entry (on its way from the compressor,
     * {@link CompressionStage#COMPRESSING}, with its fragment set; a new entry is put on its way);
     * if that writes a batch, the batch is put into {@code out} (cleared first).
     */
    public synchronized Outcome add(PackerEntry entry, PackerBatch out) {
        out.clear();
        int size = entry.fragmentSize();
        if (size < 1 || entry.bin != null) {
            throw new IllegalStateException("entry has no fragment or is already in the packer");
        }
        if (entry.stage() == CompressionStage.PRE_COMPRESSOR) {
            entry.advanceCompressionStage(); // handed to the packer directly (tools, not a data_vio's path)
        }
        if (entry.flushGeneration < flushGeneration) {
            return Outcome.ABORTED;
        }
        // select_bin first: once the entry is PACKING it must be in a bin before anyone can ask to remove it
        PackerBin bin = selectBin(size);
        if (bin == null) {
            return Outcome.REJECTED;
        }
        if (entry.advanceCompressionStage() != CompressionStage.PACKING) {
            return Outcome.ABORTED;
        }
        fragmentsInPacker++;
        boolean wrote = false;
        if (bin.freeSpace < size) {
            wrote = writeBin(bin, out);
        }
        entry.bin = bin;
        entry.binIndex = bin.slotsUsed;
        bin.incoming[bin.slotsUsed++] = entry;
        bin.freeSpace -= size;
        if (bin.slotsUsed == MAX_COMPRESSION_SLOTS || bin.freeSpace == 0) {
            // An overflow write empties the bin, so a second write in the same call is impossible:
            // one fragment (<= 4059 bytes) can neither fill 14 slots nor exactly 4060 bytes alone.
            wrote |= writeBin(bin, out);
        }
        insertInSortedList(bin);
        return wrote ? Outcome.BATCH : Outcome.PARKED;
    }

    /**
     * The packer's half of {@code vdo_remove_lock_holder_from_packer}: takes a cancelled entry out of
     * its bin (the last entry of the bin takes its place) or out of the canceled bin. Only the caller
     * whose {@link PackerEntry#cancelCompression()} returned true may call it, once.
     */
    public synchronized void remove(PackerEntry entry) {
        PackerBin bin = entry.bin;
        if (bin == null || !entry.mayNotCompress()) {
            throw new IllegalStateException("entry is not a cancelled entry of this packer");
        }
        int i = entry.binIndex;
        bin.slotsUsed--;
        if (i < bin.slotsUsed) {
            bin.incoming[i] = bin.incoming[bin.slotsUsed];
            bin.incoming[i].binIndex = i;
        }
        bin.incoming[bin.slotsUsed] = null;
        entry.bin = null;
        fragmentsInPacker--;
        if (bin != canceled) {
            bin.freeSpace += entry.fragmentSize();
            insertInSortedList(bin);
        }
    }

    /**
     * A flush: entries of generations before {@code generation} may no longer park
     * ({@code vdo_increment_packer_flush_generation}); then {@link #flushNext} empties the bins.
     */
    public synchronized void setFlushGeneration(long generation) {
        flushGeneration = Math.max(flushGeneration, generation);
    }

    /**
     * One step of a flush ({@code write_all_non_empty_bins}): writes the first non-empty bin into
     * {@code out}. Returns false when every bin is empty.
     */
    public synchronized boolean flushNext(PackerBatch out) {
        out.clear();
        for (PackerBin bin : order) {
            if (bin.slotsUsed > 0) {
                boolean wrote = writeBin(bin, out);
                insertInSortedList(bin);
                if (wrote) {
                    return true;
                }
            }
        }
        return false;
    }

    public synchronized int fragmentsInPacker() {
        return fragmentsInPacker;
    }

    /** Free space of each bin in list order (fullest first), for tests and dumps. */
    public synchronized int[] freeSpaces() {
        int[] f = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            f[i] = order[i].freeSpace;
        }
        return f;
    }

    /** Bin ids in list order. */
    public synchronized int[] binOrder() {
        int[] f = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            f[i] = order[i].id;
        }
        return f;
    }

    /** {@code select_bin}: first best fit, else overflow the fullest bin unless the fragment is at least its used bytes. */
    private PackerBin selectBin(int size) {
        for (PackerBin bin : order) {
            if (bin.freeSpace >= size) {
                return bin;
            }
        }
        PackerBin fullest = order[0];
        if (size >= COMPRESSED_DATA_SIZE - fullest.freeSpace) {
            return null;
        }
        return fullest;
    }

    /**
     * {@code write_bin} + {@code remove_from_bin}: empties the bin into a batch; cancelled entries go
     * to the canceled bin. Returns false if no entry was left for a batch.
     */
    private boolean writeBin(PackerBin bin, PackerBatch out) {
        int n = 0;
        boolean allLz4 = true;
        while (bin.slotsUsed > 0) {
            PackerEntry e = bin.incoming[--bin.slotsUsed];
            bin.incoming[bin.slotsUsed] = null;
            if (e.advanceCompressionStage() == CompressionStage.POST_PACKER && e.mayNotCompress()) {
                // cancelled while in the bin: its removal request is on its way
                e.bin = canceled;
                e.binIndex = canceled.slotsUsed;
                canceled.incoming[canceled.slotsUsed++] = e;
                continue;
            }
            e.bin = null;
            e.slot = n;
            out.members[n++] = e;
            allLz4 &= e.algorithm() == CompressionAlgorithm.LZ4;
        }
        bin.freeSpace = COMPRESSED_DATA_SIZE;
        if (n == 0) {
            return false;
        }
        fragmentsInPacker -= n;
        out.count = n;
        if (n == 1) {
            out.version = null; // abort_packing: the agent alone is written uncompressed
            return true;
        }
        CompressedBlockVersion version = allLz4 && format == CompressedBlockFormat.AUTO
                ? CompressedBlockVersion.V1_0 : CompressedBlockVersion.TAGGED_2_0;
        out.version = version;
        PackerEntry agent = out.members[0];
        byte[] block = agent.compressedBlock();
        CompressedBlock.setVersion(block, 0, version);
        CompressedBlock.setSlot(block, 0, version, 0, agent.fragmentSize(), agent.algorithm());
        int offset = agent.fragmentSize();
        for (int s = 1; s < n; s++) {
            PackerEntry client = out.members[s];
            System.arraycopy(client.compressedBlock(), COMPRESSED_HEADER_SIZE, block, COMPRESSED_HEADER_SIZE + offset,
                    client.fragmentSize());
            CompressedBlock.setSlot(block, 0, version, s, client.fragmentSize(), client.algorithm());
            offset += client.fragmentSize();
        }
        CompressedBlock.clearSlotsFrom(block, 0, n);
        return true;
    }

    /** {@code insert_in_sorted_list}: before the first bin with strictly more free space, else last. */
    private void insertInSortedList(PackerBin bin) {
        int from = indexOf(bin);
        // remove
        System.arraycopy(order, from + 1, order, from, order.length - from - 1);
        int last = order.length - 1;
        int to = last;
        for (int i = 0; i < last; i++) {
            if (order[i].freeSpace > bin.freeSpace) {
                to = i;
                break;
            }
        }
        System.arraycopy(order, to, order, to + 1, last - to);
        order[to] = bin;
    }

    private int indexOf(PackerBin bin) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] == bin) {
                return i;
            }
        }
        throw new IllegalStateException("bin not in list");
    }
}
