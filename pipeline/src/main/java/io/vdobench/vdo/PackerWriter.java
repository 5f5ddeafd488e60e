package io.vdobench.vdo;

import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.packer.Packer;
import io.vdobench.vdo.packer.PackerBatch;

/**
 * The packer thread's work in dm-vdo's {@code packer.c}, around the bins ({@link Packer}, which
 * stays free of I/O): {@code vdo_attempt_packing} parks a fragment; a batch the bins give back is
 * written by its agent ({@code write_bin}'s submission) to the agent's allocation, and then every
 * member's metadata follows, clients first and the agent last ({@code finish_compressed_write}, in
 * the block's physical zone); a failed packed write falls back to uncompressed writes
 * ({@code handle_compressed_write_error}); a lone fragment is written uncompressed
 * ({@code abort_packing}). {@code vdo_remove_lock_holder_from_packer} takes out a data_vio that
 * others wait for, and {@code vdo_flush_packer} empties the bins for a flush.
 */
final class PackerWriter {
    private final VdoVolume vdo;
    private final VdoThreads threads;

    final VdoAction packCompressedData = this::packCompressedData;
    final VdoAction vdoRemoveLockHolderFromPacker = this::vdoRemoveLockHolderFromPacker;
    private final VdoAction compressedWriteEndio = this::compressedWriteEndio;
    private final VdoAction finishCompressedWrite = this::finishCompressedWrite;
    private final VdoAction handleCompressedWriteError = this::handleCompressedWriteError;

    PackerWriter(VdoVolume vdo, VdoThreads threads) {
        this.vdo = vdo;
        this.threads = threads;
    }

    /** {@code pack_compressed_data} (packer thread): pack, unless compression was turned off or cancelled meanwhile. */
    private void packCompressedData(DataVio dv) {
        if (!vdo.compressionEnabled || dv.mayNotCompress()) {
            vdo.path.writeDataVio(dv);
            return;
        }
        vdoAttemptPacking(dv);
    }

    /**
     * {@code vdo_attempt_packing}: parks the fragment in a bin, writing the batch this fills, if any.
     * A data_vio still unanswered (inline) is answered as it parks; once parked, another thread may
     * finish and reuse it, so it is not touched again here.
     */
    private void vdoAttemptPacking(DataVio dv) {
        PackerBatch batch = vdo.scratch.get().batch;
        UserBio bio = dv.userBio;
        dv.userBio = null;
        StageClock c = vdo.stageClock();
        long t0 = c == null ? 0 : c.begin(Stage.PACK);
        Packer.Outcome o = vdo.packer.add(dv, batch);
        if (c != null) {
            c.end(Stage.PACK, t0, 1);
        }
        if (o == Packer.Outcome.PARKED || (o == Packer.Outcome.BATCH && !batch.contains(dv))) {
            if (bio != null) {
                bio.acknowledge(null);
            }
        } else {
            dv.userBio = bio;
        }
        switch (o) {
            case PARKED -> {
            }
            case BATCH -> writeBatch(batch);
            case REJECTED -> {
                vdo.counters.packerRejected.increment();
                vdo.path.writeDataVio(dv);
            }
            case ABORTED -> vdo.path.writeDataVio(dv); // abort_packing
        }
    }

    /**
     * {@code write_bin}'s submission: a batch of one is written uncompressed ({@code abort_packing});
     * otherwise the agent carries the finished block to its allocation, its clients linked behind it.
     */
    void writeBatch(PackerBatch batch) {
        int n = batch.count();
        DataVio agent = (DataVio) batch.member(0);
        if (n == 1) {
            batch.clear();
            vdo.counters.singleBatches.increment();
            vdo.path.writeDataVio(agent);
            return;
        }
        agent.batchSize = n;
        DataVio last = agent;
        for (int s = 1; s < n; s++) {
            DataVio client = (DataVio) batch.member(s);
            last.nextInBatch = client;
            last = client;
        }
        last.nextInBatch = null;
        batch.clear();
        agent.errorHandler = handleCompressedWriteError;
        vdo.path.vdoSubmitDataVio(agent, agent.compressedBlock(), 0, true, agent.allocation, compressedWriteEndio);
    }

    /** {@code compressed_write_end_io}: on to the physical zone of the packed block. */
    private void compressedWriteEndio(DataVio agent) {
        threads.launch(agent, finishCompressedWrite, threads.physicalThread(vdo.path.physicalZoneOf(agent.allocation)));
    }

    /**
     * {@code finish_compressed_write}: the packed block gets one reference per fragment; then each
     * member's metadata, clients first, the agent last.
     */
    private void finishCompressedWrite(DataVio agent) {
        agent.errorHandler = vdo.path.handleDataVioError;
        Counters counters = vdo.counters;
        int n = agent.batchSize;
        long pbn = agent.allocation;
        vdo.depot.commitProvisional(pbn, n);
        counters.packedBlocks.increment();
        counters.fragmentsWritten.add(n);
        counters.fragmentsPerBlock[n].increment();
        for (DataVio m = agent; m != null; m = m.nextInBatch) {
            counters.byAlgPath[m.algorithm().ordinal()][m.executionPath().ordinal()].increment();
            counters.compressedBytes.add(m.fragmentSize());
        }
        for (DataVio client = agent.nextInBatch, next; client != null; client = next) {
            next = client.nextInBatch;
            client.nextInBatch = null;
            releaseCompressedWriteWaiter(client, pbn);
        }
        agent.nextInBatch = null;
        agent.allocationUsed = true;
        releaseCompressedWriteWaiter(agent, pbn);
    }

    /** {@code release_compressed_write_waiter}: the member maps to its slot of the block. */
    private void releaseCompressedWriteWaiter(DataVio dv, long pbn) {
        dv.newPbn = pbn;
        dv.newState = MappingState.compressed(dv.slot());
        dv.referenceClaimed = true;
        vdo.path.updateMetadataForDataVioWrite(dv);
    }

    /** {@code handle_compressed_write_error}: every member of the batch is written uncompressed instead. */
    private void handleCompressedWriteError(DataVio agent) {
        agent.errorHandler = vdo.path.handleDataVioError;
        agent.result = null;
        for (DataVio client = agent.nextInBatch, next; client != null; client = next) {
            next = client.nextInBatch;
            client.nextInBatch = null;
            vdo.path.writeDataVio(client);
        }
        agent.nextInBatch = null;
        vdo.path.writeDataVio(agent);
    }

    /**
     * {@code vdo_remove_lock_holder_from_packer} (packer thread, as the waiting data_vio's completion):
     * takes the holder out of its bin, or out of the canceled bin, and writes it uncompressed
     * ({@code abort_packing}). The waiter itself goes on waiting.
     */
    private void vdoRemoveLockHolderFromPacker(DataVio waiter) {
        DataVio holder = waiter.lockHolder;
        waiter.lockHolder = null;
        vdo.packer.remove(holder);
        vdo.counters.cancelled.increment();
        vdo.path.writeDataVio(holder);
    }

    /**
     * {@code vdo_flush_packer} (packer thread): from now on, writes of earlier flush generations no
     * longer park; every non-empty bin is written.
     */
    void vdoFlushPacker(long generation) {
        vdo.packer.setFlushGeneration(generation);
        PackerBatch batch = vdo.scratch.get().batch;
        while (vdo.packer.flushNext(batch)) {
            writeBatch(batch);
        }
    }
}
