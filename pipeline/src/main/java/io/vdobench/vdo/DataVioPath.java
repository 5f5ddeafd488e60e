package io.vdobench.vdo;

import static io.vdobench.vdo.format.VdoConstants.BLOCK_SIZE;
import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_HEADER_SIZE;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.packer.PackerEntry;
import io.vdobench.vdo.policy.CompressionResult;
import java.util.Arrays;

/**
 * dm-vdo's {@code data-vio.c}: the steps of one 4 KiB request. A write: {@code launch_bio} (copy,
 * zero check, record name) &rarr; {@code attempt_logical_block_lock} &rarr; zero block or discard, or
 * {@code allocate_block} &rarr; {@code hash_data_vio} &rarr; the hash lock ({@link HashZones}) &rarr;
 * {@code launch_compress_data_vio} &rarr; the packer ({@link PackerWriter}) or {@code write_data_vio}
 * &rarr; {@code update_metadata_for_data_vio_write}. A read: the LBN lock (or a copy from an
 * in-flight write) &rarr; {@code read_block} &rarr; {@code complete_read}. The LBN locks live here, as
 * in dm-vdo, over the logical zones' {@code lbn_operations} maps.
 */
final class DataVioPath {
    private static final int LOGICAL_ZONES = 64;
    private static final byte[] ZEROS = new byte[BLOCK_SIZE];

    private final VdoVolume vdo;
    private final LogicalZone[] logicalZones = new LogicalZone[LOGICAL_ZONES];

    DataVioPath(VdoVolume vdo) {
        this.vdo = vdo;
        for (int i = 0; i < LOGICAL_ZONES; i++) {
            logicalZones[i] = new LogicalZone();
        }
    }

    // ------------------------------------------------------------------ write path

    /** {@code vdo_launch_bio} + {@code launch_bio} for one 4 KiB write or discard: runs it until it completes or parks. */
    void launchBio(long lbn, byte[] buf, int off, boolean discard) {
        Counters counters = vdo.counters;
        DataVio dv = vdo.pool.acquire();
        dv.prepare(discard ? DataVio.OP_DISCARD : DataVio.OP_WRITE, lbn);
        if (discard) {
            Arrays.fill(dv.data, (byte) 0);
            dv.zero = true;
            counters.discards.increment();
        } else {
            if (vdo.dedupeEnabled) {
                // the record name is taken while copying: one read of the caller's block (a zero block's name goes unused)
                dv.zero = RecordName.copyAndCompute(buf, off, dv.data, dv.name);
                dv.named = true;
            } else {
                System.arraycopy(buf, off, dv.data, 0, BLOCK_SIZE);
                dv.zero = isZeroBlock(dv.data);
            }
            counters.writes.increment();
        }
        try {
            attemptLogicalBlockLock(dv);
        } catch (RuntimeException e) {
            vdo.pool.release(dv); // cancelling a parked holder failed; this data_vio never held the LBN
            throw e;
        }
        Scratch sc = vdo.scratch.get();
        sc.handedOff = false;
        boolean handedOff = false;
        try {
            handedOff = continueDataVioWithBlockMapSlot(dv);
        } catch (RuntimeException e) {
            if (!sc.handedOff) {
                handleDataVioError(dv);
            }
            throw e;
        }
        if (!handedOff) {
            updateMetadataForDataVioWrite(dv);
        }
    }

    /**
     * {@code continue_data_vio_with_block_map_slot}: a zero block maps to {PBN 0, state 1}, a discard to
     * {PBN 0, state 0}; anything else is allocated, hashed and deduplicated or written. Returns true
     * when the data_vio now belongs to the packer.
     */
    private boolean continueDataVioWithBlockMapSlot(DataVio dv) {
        if (dv.op == DataVio.OP_DISCARD) {
            dv.newPbn = 0;
            dv.newState = MappingState.UNMAPPED;
            return false;
        }
        if (dv.zero) {
            vdo.counters.zeroBlocks.increment();
            dv.newPbn = 0;
            dv.newState = MappingState.UNCOMPRESSED;
            return false;
        }
        allocateBlock(dv);
        return hashDataVio(dv);
    }

    /** {@code allocate_block}: a provisional reference on a free block, or none ({@code VDO_NO_SPACE} is raised only if the data must be written). */
    private void allocateBlock(DataVio dv) {
        dv.allocation = vdo.depot.allocate();
    }

    /** {@code hash_data_vio}: the record name (taken at launch) selects the hash lock. */
    private boolean hashDataVio(DataVio dv) {
        if (!dv.named) {
            return launchCompressDataVio(dv, true, false); // dedupe was off when this data_vio started
        }
        if (vdo.weakNamesForTests) {
            // test hook: names collide for blocks with the same first byte
            dv.name[0] = dv.data[0];
            dv.name[1] = 0;
        }
        return vdo.hashZones.vdoAcquireHashLock(dv);
    }

    /**
     * {@code launch_compress_data_vio} + {@code compress_data_vio}: compresses the data through the
     * policy into the data_vio's own block buffer at byte 36 and offers the fragment to the packer,
     * else {@code write_data_vio}. Returns true when the packer took it (it may already be written and
     * recycled).
     */
    boolean launchCompressDataVio(DataVio dv, boolean mayCompress, boolean updateIndex) {
        dv.updateIndex = updateIndex;
        if (dv.allocation == 0) {
            throw new VdoException(VdoStatus.NO_SPACE, "no free physical block for LBN " + dv.lbn);
        }
        if (mayCompress && vdo.compressionEnabled) {
            Counters counters = vdo.counters;
            Scratch s = vdo.scratch.get();
            CompressionResult r = s.result;
            vdo.policy.compress(dv.data, 0, dv.compressedBlock(), COMPRESSED_HEADER_SIZE, r);
            if (r.fallback() != null) {
                counters.fallbacks[r.fallback().ordinal()].increment();
            }
            if (r.compressed()) {
                dv.setFragment(r.size(), r.algorithm(), r.path());
                if (vdo.packerWriter.vdoAttemptPacking(dv, logicalZone(dv.lbn), s)) {
                    return true;
                }
                counters.packerRejected.increment();
            } else {
                counters.notCompressible.increment();
            }
        }
        writeDataVio(dv);
        return false;
    }

    /** {@code write_data_vio}: the data, uncompressed, to the data_vio's allocation. */
    void writeDataVio(DataVio dv) {
        vdo.storage.write(dv.allocation, dv.data, 0);
        dv.newPbn = dv.allocation;
        dv.newState = MappingState.UNCOMPRESSED;
        dv.allocationUsed = true;
        vdo.counters.uncompressedWritten.increment();
    }

    /**
     * {@code update_metadata_for_data_vio_write} and the cleanup after it: commit the new reference
     * before dropping the old mapping's, update the block map and the index, release the hash lock and
     * the LBN lock, return the data_vio to the pool.
     */
    void updateMetadataForDataVioWrite(DataVio dv) {
        SlabDepot depot = vdo.depot;
        Counters counters = vdo.counters;
        if (dv.op == DataVio.OP_WRITE && dv.newPbn != 0 && !dv.referenceClaimed) {
            depot.commitProvisional(dv.newPbn, 1);
        }
        if (dv.allocation != 0 && !dv.allocationUsed) {
            depot.releaseProvisional(dv.allocation);
        }
        long old = vdo.blockMap.get(dv.lbn);
        long neu = BlockMapEntry.pack(dv.newPbn, dv.newState);
        vdo.blockMap.put(dv.lbn, neu);
        long oldPbn = BlockMapEntry.packedPbn(old);
        if (oldPbn != 0) {
            depot.decrement(oldPbn); // after the increment, as dm-vdo orders them
        }
        if (old == 0 && neu != 0) {
            counters.logicalUsed.increment();
        } else if (old != 0 && neu == 0) {
            counters.logicalUsed.decrement();
        }
        if (dv.updateIndex && dv.newPbn != 0) {
            vdo.index.update(dv.name[0], dv.name[1], neu);
        }
        if (dv.lock != null) {
            vdo.hashZones.vdoReleaseHashLock(dv, true);
        }
        releaseLogicalLock(dv.lbn, dv);
        vdo.pool.release(dv);
    }

    /** {@code handle_data_vio_error}: cleans up a data_vio whose write failed before it changed any mapping. */
    void handleDataVioError(DataVio dv) {
        if (dv.allocation != 0 && !dv.allocationUsed) {
            vdo.depot.releaseProvisional(dv.allocation);
        }
        dv.allocation = 0;
        if (dv.lock != null) {
            vdo.hashZones.vdoReleaseHashLock(dv, false);
        }
        releaseLogicalLock(dv.lbn, dv);
        vdo.pool.release(dv);
    }

    // ------------------------------------------------------------------ read path

    /** A 4 KiB read: the LBN lock, or a copy of the data of a write that holds it. */
    void launchReadBio(long lbn, byte[] dst, int off) {
        vdo.counters.reads.increment();
        Scratch s = vdo.scratch.get();
        LogicalZone z = logicalZone(lbn);
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (z) {
                    Object h = z.holders.get(lbn);
                    if (h == null) {
                        z.holders.put(lbn, s.readToken);
                        break;
                    }
                    if (h instanceof DataVio d) {
                        // dm-vdo: a read that meets a write holding the LBN copies the write's data
                        System.arraycopy(d.data, 0, dst, off, BLOCK_SIZE);
                        return;
                    }
                    interrupted |= z.await();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            readBlock(lbn, dst, off, s);
        } finally {
            releaseLogicalLock(lbn, s.readToken);
        }
    }

    /** {@code read_block} + {@code complete_read}: zeros, the block, or its decoded fragment. */
    private void readBlock(long lbn, byte[] dst, int off, Scratch s) {
        long e = vdo.blockMap.get(lbn);
        long pbn = BlockMapEntry.packedPbn(e);
        int state = BlockMapEntry.packedState(e);
        if (!BlockMapEntry.isValid(pbn, state) || (pbn != 0 && !vdo.depot.isDataBlock(pbn))) {
            throw new VdoException(VdoStatus.BAD_MAPPING, "LBN " + lbn + " maps to " + BlockMapEntry.unpack(e));
        }
        if (pbn == 0) {
            Arrays.fill(dst, off, off + BLOCK_SIZE, (byte) 0);
        } else if (state == MappingState.UNCOMPRESSED) {
            vdo.storage.read(pbn, dst, off);
        } else {
            vdo.storage.read(pbn, s.block, 0);
            CompressedBlock.locate(s.block, 0, state, s.location);
            vdo.decoder.decode(s.location.algorithm(), s.block, s.location.blockOffset(), s.location.size(), dst, off);
            vdo.counters.fragmentsRead[s.location.algorithm().ordinal()].increment();
        }
    }

    // ------------------------------------------------------------------ LBN locks (logical zones)

    /**
     * {@code attempt_logical_block_lock}: takes the LBN, waiting for its holder; a holder parked in the
     * packer is pulled out and written uncompressed first (dm-vdo cancels its compression).
     */
    private void attemptLogicalBlockLock(DataVio dv) {
        LogicalZone z = logicalZone(dv.lbn);
        boolean interrupted = false;
        try {
            while (true) {
                DataVio parked = null;
                long parking = 0;
                synchronized (z) {
                    Object h = z.holders.get(dv.lbn);
                    if (h == null) {
                        z.holders.put(dv.lbn, dv);
                        return;
                    }
                    if (h instanceof DataVio d && d.stage() == PackerEntry.STAGE_IN_BIN) {
                        parked = d;
                        parking = d.parkings();
                    } else {
                        interrupted |= z.await();
                    }
                }
                if (parked != null) {
                    // dm-vdo: a later request to the LBN cancels the holder's compression
                    vdo.packerWriter.vdoRemoveLockHolderFromPacker(parked, parking);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code release_logical_lock}: frees the LBN and wakes whoever waits for it. */
    private void releaseLogicalLock(long lbn, Object holder) {
        LogicalZone z = logicalZone(lbn);
        synchronized (z) {
            z.holders.remove(lbn, holder);
            z.wakeAll();
        }
    }

    LogicalZone logicalZone(long lbn) {
        // dm-vdo: zone = (page / 812 mod 60 roots) mod zones; here consecutive pages spread over zones
        return logicalZones[(int) ((lbn ^ (lbn >>> 7)) & (LOGICAL_ZONES - 1))];
    }

    /** dm-vdo's {@code is_zero_block}: 512 u64 words are zero; {@code Arrays.mismatch} vectorises the same test. */
    static boolean isZeroBlock(byte[] b) {
        return Arrays.mismatch(b, ZEROS) < 0;
    }
}
