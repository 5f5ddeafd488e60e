package io.vdobench.vdo;

import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.packer.Packer;
import io.vdobench.vdo.packer.PackerBatch;

/**
 * The I/O half of dm-vdo's {@code packer.c}: {@code vdo_attempt_packing} hands a fragment to the
 * bins ({@link Packer}, which stays free of I/O), and the batches they give back are written here
 * ({@code write_bin}'s submission): a packed block to the agent's allocation, then every member's
 * metadata, clients first and the agent last ({@code finish_compressed_write}); a failed packed write
 * falls back to uncompressed writes ({@code handle_compressed_write_error}); a lone fragment is
 * written uncompressed ({@code abort_packing}). {@code vdo_remove_lock_holder_from_packer} pulls a
 * parked data_vio out for a request that waits on it.
 */
final class PackerWriter {
    private final VdoVolume vdo;

    PackerWriter(VdoVolume vdo) {
        this.vdo = vdo;
    }

    /**
     * {@code vdo_attempt_packing}: parks the compressed data_vio in a bin, writing the batch this
     * fills, if any. Returns false when no bin takes it (the caller writes it uncompressed); once
     * true, another thread may write, complete and recycle the data_vio: do not touch it.
     */
    boolean vdoAttemptPacking(DataVio dv, LogicalZone lz, Scratch s) {
        HashZone hz = dv.lock != null ? vdo.hashZones.vdoSelectHashZone(dv.lock.h1) : null;
        Packer.Outcome o = vdo.packer.add(dv, s.batch);
        if (o == Packer.Outcome.REJECTED) {
            return false;
        }
        s.handedOff = true;
        notifyParked(lz, hz);
        if (o == Packer.Outcome.BATCH) {
            writeBatch(s.batch);
        }
        return true;
    }

    /** Wakes requests waiting on a data_vio that just parked in the packer, so they can cancel it. */
    private static void notifyParked(LogicalZone lz, HashZone hz) {
        synchronized (lz) {
            lz.wakeAll();
        }
        if (hz != null) {
            synchronized (hz) {
                hz.wakeAll();
            }
        }
    }

    /** Writes a batch from the packer: a packed block to the agent's allocation, or a lone data_vio uncompressed. */
    void writeBatch(PackerBatch batch) {
        try {
            if (batch.isSingle()) {
                abortPacking((DataVio) batch.member(0));
                return;
            }
            DataVio agent = (DataVio) batch.member(0);
            try {
                vdo.storage.write(agent.allocation, batch.block(), 0);
            } catch (RuntimeException e) {
                handleCompressedWriteError(batch);
                throw e;
            }
            finishCompressedWrite(batch);
        } finally {
            batch.clear();
            vdo.packer.batchDone();
        }
    }

    /** {@code abort_packing}: a batch of one is written uncompressed. */
    private void abortPacking(DataVio dv) {
        dv.leavePacker();
        vdo.counters.singleBatches.increment();
        vdo.path.writeDataVio(dv);
        vdo.path.updateMetadataForDataVioWrite(dv);
    }

    /** {@code finish_compressed_write}: commits the packed block's references, then each member's metadata, clients first, the agent last. */
    private void finishCompressedWrite(PackerBatch batch) {
        Counters counters = vdo.counters;
        int n = batch.count();
        DataVio agent = (DataVio) batch.member(0);
        long pbn = agent.allocation;
        vdo.depot.commitProvisional(pbn, n);
        counters.packedBlocks.increment();
        counters.fragmentsWritten.add(n);
        counters.fragmentsPerBlock[n].increment();
        for (int s = 0; s < n; s++) {
            DataVio m = (DataVio) batch.member(s);
            counters.byAlgPath[m.algorithm().ordinal()][m.executionPath().ordinal()].increment();
            counters.compressedBytes.add(m.fragmentSize());
        }
        for (int s = 1; s <= n; s++) {
            DataVio m = (DataVio) batch.member(s % n);
            m.leavePacker();
            m.newPbn = pbn;
            m.newState = MappingState.compressed(s % n);
            m.referenceClaimed = true;
            if (m == agent) {
                m.allocationUsed = true;
            }
            vdo.path.updateMetadataForDataVioWrite(m);
        }
    }

    /** {@code handle_compressed_write_error}: every member falls back to an uncompressed write; members whose write fails too are dropped. */
    private void handleCompressedWriteError(PackerBatch batch) {
        for (int s = 0, n = batch.count(); s < n; s++) {
            DataVio m = (DataVio) batch.member(s);
            m.leavePacker();
            try {
                vdo.path.writeDataVio(m);
                vdo.path.updateMetadataForDataVioWrite(m);
            } catch (RuntimeException e2) {
                vdo.path.handleDataVioError(m);
            }
        }
    }

    /**
     * {@code vdo_remove_lock_holder_from_packer}: pulls a parked data_vio out of the packer (if it is
     * still in the parking the caller saw) and finishes it uncompressed.
     */
    void vdoRemoveLockHolderFromPacker(DataVio parked, long parking) {
        if (vdo.packer.cancel(parked, parking)) {
            vdo.counters.cancelled.increment();
            try {
                vdo.path.writeDataVio(parked);
            } catch (RuntimeException e) {
                vdo.path.handleDataVioError(parked);
                throw e;
            }
            vdo.path.updateMetadataForDataVioWrite(parked);
        }
    }

    /** {@code vdo_flush_packer}: writes every non-empty bin, then waits for batches other threads are still writing. */
    void vdoFlushPacker(Scratch s) {
        PackerBatch batch = s.batch;
        while (vdo.packer.flushNext(batch)) {
            writeBatch(batch);
        }
        vdo.packer.awaitBatchesDone();
    }
}
