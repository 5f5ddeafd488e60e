package io.vdobench.vdo;

import static io.vdobench.vdo.format.VdoConstants.BLOCK_SIZE;
import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_HEADER_SIZE;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.packer.CompressionStage;
import io.vdobench.vdo.policy.CompressionResult;
import java.util.Arrays;

/**
 * dm-vdo's {@code data-vio.c}: the steps of one 4 KiB request, each on the thread dm-vdo runs it on.
 *
 * <p>A write: the submitter copies the data ({@code launch_bio}); the logical zone takes the LBN
 * lock ({@code attempt_logical_block_lock}); a zero block or a discard maps to PBN 0, anything else
 * is allocated in a physical zone ({@code allocate_block}); the ack thread acknowledges it
 * ({@code acknowledge_write_callback}); a cpu thread names it ({@code hash_data_vio}); the hash zone
 * deduplicates it ({@link HashZones}); a cpu thread compresses it ({@code compress_data_vio}); the
 * packer packs it ({@link PackerWriter}) or a bio thread writes it ({@code write_data_vio}); then the
 * metadata: the old mapping (logical), the reference counts (physical), the block map (logical),
 * the index (dedupe thread), and the cleanup: hash lock, allocation, LBN lock
 * ({@code update_metadata_for_data_vio_write}, {@code perform_cleanup_stage}). A read: the LBN lock
 * or a copy of a write that holds it, the mapping ({@code read_block}), the bio thread, a cpu thread
 * ({@code complete_read}).
 *
 * <p>With metadata (the default) {@code journal_remapping} runs on the journal thread and takes the
 * old block's decrement and the block map entry with it ({@link RecoveryJournal}); without, the
 * reference count updates run one after the other and the block map entry is set in
 * {@code update_block_map}.
 */
final class DataVioPath {
    /** Lock stripes when everything runs on the callers (inline): contention, not dm-vdo's zones. */
    private static final int INLINE_LOGICAL_ZONES = 64;
    private static final byte[] ZEROS = new byte[BLOCK_SIZE];

    private final VdoVolume vdo;
    private final VdoThreads threads;
    private final boolean inline;
    private final LogicalZone[] logicalZones;
    private final int physicalZones;

    // The steps, bound once (vdo_action_fn pointers).
    final VdoAction attemptLogicalBlockLock = this::attemptLogicalBlockLock;
    final VdoAction launchLockedRequest = this::launchLockedRequest;
    private final VdoAction allocateBlock = this::allocateBlock;
    private final VdoAction acknowledgeWriteCallback = this::acknowledgeWriteCallback;
    private final VdoAction hashDataVio = this::hashDataVio;
    private final VdoAction compressDataVio = this::compressDataVio;
    private final VdoAction processBio = this::processBio;
    private final VdoAction writeBioFinished = this::writeBioFinished;
    final VdoAction readOldBlockMapping = this::readOldBlockMapping;
    private final VdoAction incrementReferenceCount = this::incrementReferenceCount;
    private final VdoAction decrementReferenceCount = this::decrementReferenceCount;
    private final VdoAction journalRemapping = this::journalRemapping;
    private final VdoAction updateBlockMap = this::updateBlockMap;
    private final VdoAction updateDedupeIndex = this::updateDedupeIndex;
    private final VdoAction cleanHashLock = this::cleanHashLock;
    private final VdoAction releaseAllocatedLock = this::releaseAllocatedLock;
    private final VdoAction releaseLogicalLock = this::releaseLogicalLock;
    private final VdoAction readEndio = this::readEndio;
    private final VdoAction completeRead = this::completeRead;
    private final VdoAction completeZeroRead = this::completeZeroRead;
    final VdoAction handleDataVioError = this::handleDataVioError;
    private final VdoAction continueDataVioWithBlockMapSlot = this::continueDataVioWithBlockMapSlot;

    DataVioPath(VdoVolume vdo, VdoThreads threads) {
        this.vdo = vdo;
        this.threads = threads;
        this.inline = threads.execution == Execution.INLINE;
        int zones = inline ? INLINE_LOGICAL_ZONES : threads.config.logicalZoneCount();
        this.logicalZones = new LogicalZone[zones];
        int capacity = zoneCapacity(inline, vdo.pool.size(), zones);
        for (int i = 0; i < zones; i++) {
            logicalZones[i] = new LogicalZone(capacity);
        }
        this.physicalZones = threads.config.physicalZoneCount();
    }

    /**
     * Locks a zone's map holds before it grows. Inline maps start small and grow with use; with
     * threads any number of data_vios up to the pool's size may be in flight at once, depending on
     * how far the threads lag behind, so each zone holds its share of the pool from the start
     * (twice it, as the maps grow when half full) and a busier moment allocates nothing.
     */
    static int zoneCapacity(boolean inline, int dataVios, int zones) {
        return inline ? 64 : Math.max(64, 2 * dataVios / zones);
    }

    // ------------------------------------------------------------------ launching requests

    /**
     * {@code vdo_launch_bio} + {@code launch_bio} for one 4 KiB write or discard, on the submitter's
     * thread: copies the data (inline also names it in the same pass) and launches the data_vio.
     */
    void launchWrite(DataVio dv, long lbn, byte[] buf, int off, boolean discard, boolean fua, UserBio bio) {
        Counters counters = vdo.counters;
        dv.prepare(discard ? DataVio.OP_DISCARD : DataVio.OP_WRITE, lbn, bio, handleDataVioError);
        dv.fua = fua;
        if (discard) {
            Arrays.fill(dv.data, (byte) 0);
            dv.zero = true;
            counters.discards.increment();
        } else {
            dv.dedupe = vdo.dedupeEnabled;
            if (dv.dedupe && inline) {
                // one read of the caller's block for copy, zero check and name (a zero block's name goes unused)
                StageClock c = vdo.stageClock();
                long t0 = c == null ? 0 : c.begin(Stage.HASH);
                dv.zero = RecordName.copyAndCompute(buf, off, dv.data, dv.name);
                if (c != null) {
                    c.end(Stage.HASH, t0, 1);
                }
                dv.named = true;
            } else {
                System.arraycopy(buf, off, dv.data, 0, BLOCK_SIZE);
                dv.zero = isZeroBlock(dv.data);
            }
            counters.writes.increment();
        }
        launchDataVio(dv);
    }

    /**
     * A partial write ({@code launch_bio} with {@code is_partial}): bytes {@code [blockOffset,
     * blockOffset + length)} of the block at {@code lbn} from {@code buf[off..)}; the LBN's holder
     * reads the block and overlays them ({@code modify_for_partial_write}) before it writes.
     */
    void launchPartialWrite(DataVio dv, long lbn, byte[] buf, int off, int blockOffset, int length, UserBio bio) {
        dv.prepare(DataVio.OP_WRITE, lbn, bio, handleDataVioError);
        dv.dedupe = vdo.dedupeEnabled;
        setPartial(dv, buf, off, blockOffset, length);
        vdo.counters.writes.increment();
        launchDataVio(dv);
    }

    /** A partial read: the block is read into the data_vio and {@code length} bytes from {@code blockOffset} copied out. */
    void launchPartialRead(DataVio dv, long lbn, byte[] dst, int off, int blockOffset, int length, UserBio bio) {
        vdo.counters.reads.increment();
        dv.prepare(DataVio.OP_READ, lbn, bio, handleDataVioError);
        dv.readBuffer = dv.data;
        dv.readOffset = 0;
        setPartial(dv, dst, off, blockOffset, length);
        launchDataVio(dv);
    }

    private static void setPartial(DataVio dv, byte[] buf, int off, int blockOffset, int length) {
        dv.partialBuffer = buf;
        dv.partialBufferOffset = off;
        dv.partialOffset = blockOffset;
        dv.partialLength = length;
    }

    /** {@code vdo_launch_bio} for one 4 KiB read into {@code dst[off..off+4096)}. */
    void launchRead(DataVio dv, long lbn, byte[] dst, int off, UserBio bio) {
        vdo.counters.reads.increment();
        dv.prepare(DataVio.OP_READ, lbn, bio, handleDataVioError);
        dv.readBuffer = dst;
        dv.readOffset = off;
        launchDataVio(dv);
    }

    /** {@code launch_data_vio}: to the logical zone of the LBN. */
    private void launchDataVio(DataVio dv) {
        int zone = computeLogicalZone(dv.lbn);
        dv.logicalZone = logicalZones[zone];
        dv.logicalThread = threads.logicalThread(zone);
        threads.launch(dv, attemptLogicalBlockLock, dv.logicalThread);
    }

    /**
     * {@code vdo_compute_logical_zone}: the block map tree root of the LBN's page (page mod 60)
     * mod the zone count. Inline, the 64 lock stripes spread consecutive pages instead.
     */
    private int computeLogicalZone(long lbn) {
        if (inline) {
            return (int) ((lbn ^ (lbn >>> 7)) & (INLINE_LOGICAL_ZONES - 1));
        }
        long page = lbn / VdoConstants.BLOCK_MAP_ENTRIES_PER_PAGE;
        return (int) ((page % VdoConstants.BLOCK_MAP_TREE_ROOTS) % logicalZones.length);
    }

    int physicalZoneOf(long pbn) {
        return vdo.depot.zoneOf(pbn, physicalZones);
    }

    // ------------------------------------------------------------------ the LBN lock (logical zone)

    /**
     * {@code attempt_logical_block_lock}: takes the LBN, or waits for its holder. A read that meets a
     * write which already has its allocation copies that write's data instead; a holder that waits
     * in the packer is asked to leave it, so that nobody waits on the packer.
     */
    private void attemptLogicalBlockLock(DataVio dv) {
        LogicalZone z = dv.logicalZone;
        DataVio holder;
        boolean copied = false;
        boolean removeFromPacker = false;
        synchronized (z) {
            holder = z.holders.get(dv.lbn);
            if (holder == null) {
                z.holders.put(dv.lbn, dv);
                dv.lbnLocked = true;
                if (dv.op != DataVio.OP_READ) {
                    acquireFlushGenerationLock(z, dv);
                }
            } else if (dv.op == DataVio.OP_READ && holder.op != DataVio.OP_READ && holder.allocationSucceeded) {
                System.arraycopy(holder.data, 0, dv.readBuffer, dv.readOffset, BLOCK_SIZE);
                copyOutPartialRead(dv);
                copied = true;
            } else {
                holder.addLbnWaiter(dv);
                removeFromPacker = holder.op != DataVio.OP_READ && holder.cancelCompression();
            }
        }
        if (holder == null) {
            launchLockedRequest(dv);
        } else if (copied) {
            acknowledgeDataVio(dv);
            completeDataVio(dv);
        } else if (removeFromPacker) {
            dv.lockHolder = holder;
            threads.launch(dv, vdo.packerWriter.vdoRemoveLockHolderFromPacker, threads.packerThread);
        }
    }

    /** {@code launch_locked_request}: the holder of the LBN lock goes on (the model has no block map tree to walk). */
    private void launchLockedRequest(DataVio dv) {
        if (dv.op == DataVio.OP_READ || dv.partialLength > 0) {
            if (dv.op != DataVio.OP_READ) {
                dv.readBuffer = dv.data; // read-modify-write: the old block first
                dv.readOffset = 0;
            }
            readBlock(dv);
        } else {
            continueDataVioWithBlockMapSlot(dv);
        }
    }

    /**
     * {@code release_logical_lock}: hands the LBN lock to the eldest waiter with the others behind
     * it ({@code transfer_lock}), or frees it, and releases the flush generation lock. The request
     * is answered (or its failure kept) first, so that a flush that sees it finished sees its error.
     */
    private void releaseLogicalLock(DataVio dv) {
        answer(dv);
        LogicalZone z = dv.logicalZone;
        DataVio next;
        synchronized (z) {
            next = dv.lbnWaiters;
            if (next != null) {
                next.lbnWaiters = next.waiterNext;
                next.lbnWaitersTail = next.lbnWaiters == null ? null : dv.lbnWaitersTail;
                next.waiterNext = null;
                z.holders.remove(dv.lbn, dv);
                z.holders.put(dv.lbn, next);
                next.lbnLocked = true;
                if (next.op != DataVio.OP_READ) {
                    acquireFlushGenerationLock(z, next);
                }
                if (next.lbnWaiters != null && next.op != DataVio.OP_READ) {
                    next.cancelCompression(); // others wait behind it: it must not wait in the packer
                }
            } else {
                z.holders.remove(dv.lbn, dv);
            }
            dv.lbnLocked = false;
            dv.lbnWaiters = null;
            dv.lbnWaitersTail = null;
            if (dv.flushRegistered) {
                releaseFlushGenerationLock(z, dv);
            }
        }
        if (next != null) {
            threads.requeue(next, launchLockedRequest, next.logicalThread);
        }
        dv.readBuffer = null; // the caller's buffer is not kept by a pooled data_vio
        vdo.pool.release(dv);
    }

    /**
     * {@code vdo_acquire_flush_generation_lock} (dm-vdo takes it just after the LBN lock): the write
     * joins its zone's active writes with the current generation. Holds z.
     */
    private void acquireFlushGenerationLock(LogicalZone z, DataVio dv) {
        dv.setFlushGeneration(vdo.flushGeneration());
        dv.activePrev = z.newestActive;
        dv.activeNext = null;
        if (z.newestActive == null) {
            z.oldestActive = dv;
        } else {
            z.newestActive.activeNext = dv;
        }
        z.newestActive = dv;
        dv.flushRegistered = true;
    }

    /** {@code vdo_release_flush_generation_lock}; a flush waiting for the zone's oldest write is woken. Holds z. */
    private static void releaseFlushGenerationLock(LogicalZone z, DataVio dv) {
        boolean wasOldest = z.oldestActive == dv;
        if (dv.activePrev == null) {
            z.oldestActive = dv.activeNext;
        } else {
            dv.activePrev.activeNext = dv.activeNext;
        }
        if (dv.activeNext == null) {
            z.newestActive = dv.activePrev;
        } else {
            dv.activeNext.activePrev = dv.activePrev;
        }
        dv.activePrev = null;
        dv.activeNext = null;
        dv.flushRegistered = false;
        if (wasOldest) {
            z.wakeAll();
        }
    }

    /** Waits until every write of a flush generation before {@code generation} has finished (the flush's wait). */
    void awaitFlushGeneration(long generation) {
        boolean interrupted = false;
        for (LogicalZone z : logicalZones) {
            synchronized (z) {
                while (z.oldestActive != null && z.oldestActive.flushGeneration() < generation) {
                    interrupted |= z.await();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the write path

    /**
     * {@code continue_data_vio_with_block_map_slot}: a zero block maps to {PBN 0, state 1}, a discard
     * to {PBN 0, state 0}, both without allocation; anything else is allocated.
     */
    private void continueDataVioWithBlockMapSlot(DataVio dv) {
        if (dv.op == DataVio.OP_DISCARD) {
            dv.newPbn = 0;
            dv.newState = MappingState.UNMAPPED;
            launchDataVioOnBioAckQueue(dv);
        } else if (dv.zero) {
            vdo.counters.zeroBlocks.increment();
            dv.newPbn = 0;
            dv.newState = MappingState.UNCOMPRESSED;
            launchDataVioOnBioAckQueue(dv);
        } else {
            dataVioAllocateDataBlock(dv);
        }
    }

    /** {@code data_vio_allocate_data_block}: to the physical zone the logical zone's rotor points at. */
    private void dataVioAllocateDataBlock(DataVio dv) {
        int zone = 0;
        if (!inline) {
            LogicalZone z = dv.logicalZone;
            synchronized (z) {
                // vdo_get_next_allocation_zone: ALLOCATIONS_PER_ZONE allocations in a zone, then the next
                if (++z.allocationCount > LogicalZone.ALLOCATIONS_PER_ZONE) {
                    z.allocationCount = 1;
                    z.allocationZone = (z.allocationZone + 1) % physicalZones;
                }
                zone = z.allocationZone;
            }
        }
        dv.allocationZone = zone;
        dv.firstAllocationZone = zone;
        threads.launch(dv, allocateBlock, threads.physicalThread(zone));
    }

    /**
     * {@code allocate_block} ({@code vdo_allocate_block_in_zone}, {@code continue_allocating}): a
     * provisional reference on a free block of this zone, else the next zone's; when every zone is
     * full the write goes on without an allocation (it may still deduplicate; dm-vdo's
     * {@code handle_allocation_error}) and is not acknowledged early.
     */
    private void allocateBlock(DataVio dv) {
        long pbn = inline ? vdo.depot.allocate() : vdo.depot.allocateInZone(dv.allocationZone, physicalZones);
        for (int attempt = 0; pbn == 0 && vdo.journal != null && attempt < 3; attempt++) {
            // blocks freed by entries not yet on disk become allocatable with a commit (perhaps another caller's)
            vdo.journal.commitIfUncommittedFrees();
            pbn = inline ? vdo.depot.allocate() : vdo.depot.allocateInZone(dv.allocationZone, physicalZones);
        }
        if (pbn == 0) {
            int next = (dv.allocationZone + 1) % physicalZones;
            if (!inline && next != dv.firstAllocationZone) {
                dv.allocationZone = next;
                threads.launch(dv, allocateBlock, threads.physicalThread(next));
                return;
            }
            prepareForDedupe(dv);
            return;
        }
        dv.allocation = pbn;
        dv.allocationSucceeded = true;
        launchDataVioOnBioAckQueue(dv);
    }

    /** {@code launch_data_vio_on_bio_ack_queue}: the ack thread, or right here when the table has ack=0. */
    private void launchDataVioOnBioAckQueue(DataVio dv) {
        threads.launch(dv, acknowledgeWriteCallback, threads.ackThread);
    }

    /** {@code acknowledge_write_callback}: the write is answered now; zero blocks and discards go to the metadata. */
    private void acknowledgeWriteCallback(DataVio dv) {
        acknowledgeEarly(dv);
        if (dv.zero) {
            updateMetadataForDataVioWrite(dv);
        } else {
            prepareForDedupe(dv);
        }
    }

    /** {@code prepare_for_dedupe}: to a cpu thread for the record name (or straight on when dedupe is off). */
    private void prepareForDedupe(DataVio dv) {
        if (!dv.dedupe) {
            launchCompressDataVio(dv);
            return;
        }
        threads.launch(dv, hashDataVio, threads.cpuThread);
    }

    /** {@code hash_data_vio} (cpu): MurmurHash3 of the block, then to the hash zone of the name's first byte. */
    private void hashDataVio(DataVio dv) {
        if (!dv.named) {
            StageClock c = vdo.stageClock();
            long t0 = c == null ? 0 : c.begin(Stage.HASH);
            RecordName.compute(dv.data, 0, dv.name);
            if (c != null) {
                c.end(Stage.HASH, t0, 1);
            }
            dv.named = true;
        }
        if (vdo.weakNamesForTests) {
            // test hook: names collide for blocks with the same first byte
            dv.name[0] = dv.data[0];
            dv.name[1] = 0;
        }
        dv.hashZone = vdo.hashZones.vdoSelectHashZone(dv.name[0]);
        threads.launch(dv, vdo.hashZones.vdoAcquireHashLock, threads.hashThread(dv.hashZone));
    }

    /**
     * {@code launch_compress_data_vio}: to a cpu thread for compression, unless compression is off or
     * was cancelled ({@code write_data_vio} then).
     */
    void launchCompressDataVio(DataVio dv) {
        if (dv.allocation == 0) {
            throw noSpace(dv);
        }
        if (!vdo.compressionEnabled || dv.fua || dv.advanceCompressionStage() != CompressionStage.COMPRESSING) {
            writeDataVio(dv);
            return;
        }
        threads.launch(dv, compressDataVio, threads.cpuThread);
    }

    /**
     * {@code compress_data_vio} (cpu): through the policy into the data_vio's own block buffer at byte
     * 36 (so an agent needs no copy), then to the packer; what does not fit is written uncompressed.
     */
    private void compressDataVio(DataVio dv) {
        Counters counters = vdo.counters;
        CompressionResult r = vdo.scratch.get().result;
        StageClock c = vdo.stageClock();
        long t0 = c == null ? 0 : c.begin(Stage.COMPRESS);
        vdo.policy.compress(dv.data, 0, dv.compressedBlock(), COMPRESSED_HEADER_SIZE, r);
        if (c != null) {
            c.end(Stage.COMPRESS, t0, 1);
        }
        if (r.fallback() != null) {
            counters.fallbacks[r.fallback().ordinal()].increment();
        }
        if (r.compressed()) {
            dv.setFragment(r.size(), r.algorithm(), r.path());
            threads.launch(dv, vdo.packerWriter.packCompressedData, threads.packerThread);
            return;
        }
        counters.notCompressible.increment();
        writeDataVio(dv);
    }

    /** {@code write_data_vio}: the data, uncompressed, to the data_vio's allocation. */
    void writeDataVio(DataVio dv) {
        if (dv.allocation == 0) {
            throw noSpace(dv);
        }
        dv.skipCompression();
        vdoSubmitDataVio(dv, dv.data, 0, true, dv.allocation, writeBioFinished);
    }

    private static VdoException noSpace(DataVio dv) {
        return new VdoException(VdoStatus.NO_SPACE, "no free physical block for LBN " + dv.lbn);
    }

    /** {@code write_bio_finished}: the block is on storage; the metadata follows. */
    private void writeBioFinished(DataVio dv) {
        dv.newPbn = dv.allocation;
        dv.newState = MappingState.UNCOMPRESSED;
        dv.allocationUsed = true;
        vdo.counters.uncompressedWritten.increment();
        updateMetadataForDataVioWrite(dv);
    }

    /**
     * {@code vio_reset_bio} + {@code vdo_submit_data_vio}: the I/O runs on the bio thread of its PBN
     * (the model's storage calls are synchronous), then {@code endio} continues there.
     */
    void vdoSubmitDataVio(DataVio dv, byte[] buffer, int offset, boolean write, long pbn, VdoAction endio) {
        dv.bioBuffer = buffer;
        dv.bioOffset = offset;
        dv.bioWrite = write;
        dv.bioPbn = pbn;
        dv.bioEndio = endio;
        threads.launch(dv, processBio, threads.bioThread(pbn));
    }

    /** The bio thread: submits the I/O and runs its end_io. */
    private void processBio(DataVio dv) {
        if (dv.bioWrite) {
            vdo.storage.write(dv.bioPbn, dv.bioBuffer, dv.bioOffset);
        } else {
            vdo.storage.read(dv.bioPbn, dv.bioBuffer, dv.bioOffset);
        }
        dv.bioBuffer = null;
        dv.bioEndio.act(dv);
    }

    // ------------------------------------------------------------------ metadata and cleanup

    /** {@code update_metadata_for_data_vio_write}: to the logical zone for the old mapping. */
    void updateMetadataForDataVioWrite(DataVio dv) {
        threads.launch(dv, readOldBlockMapping, dv.logicalThread);
    }

    /**
     * {@code read_old_block_mapping} (logical); then, without a journal, the reference counts: the
     * new block's increment before the old one's decrement, each in its physical zone.
     */
    private void readOldBlockMapping(DataVio dv) {
        dv.oldMapping = vdo.blockMap.get(dv.lbn);
        if (dv.op == DataVio.OP_WRITE && dv.newPbn != 0 && !dv.referenceClaimed) {
            threads.launch(dv, incrementReferenceCount, threads.physicalThread(physicalZoneOf(dv.newPbn)));
        } else {
            decrementOldReference(dv);
        }
    }

    /** {@code increment_reference_count} (physical): the provisional reference becomes a real one. */
    private void incrementReferenceCount(DataVio dv) {
        vdo.depot.commitProvisional(dv.newPbn, 1);
        decrementOldReference(dv);
    }

    private void decrementOldReference(DataVio dv) {
        if (vdo.journal != null) {
            threads.launch(dv, journalRemapping, threads.journalThread);
            return;
        }
        long oldPbn = BlockMapEntry.packedPbn(dv.oldMapping);
        if (oldPbn != 0) {
            threads.launch(dv, decrementReferenceCount, threads.physicalThread(physicalZoneOf(oldPbn)));
        } else {
            threads.launch(dv, updateBlockMap, dv.logicalThread);
        }
    }

    /** {@code decrement_reference_count} (physical): the old mapping's block loses one (free at zero). */
    private void decrementReferenceCount(DataVio dv) {
        vdo.depot.decrement(BlockMapEntry.packedPbn(dv.oldMapping));
        threads.launch(dv, updateBlockMap, dv.logicalThread);
    }

    /**
     * {@code journal_remapping} ({@code recovery-journal.c}, journal thread): the entry, then (in the
     * journal's monitor, see {@link RecoveryJournal}) the block map entry and the old block's
     * reference; a discard of a never-mapped LBN changes nothing and makes no entry.
     */
    private void journalRemapping(DataVio dv) {
        long neu = BlockMapEntry.pack(dv.newPbn, dv.newState);
        if (dv.oldMapping != 0 || neu != 0) {
            vdo.journal.journalRemapping(dv.lbn, dv.oldMapping, neu);
        }
        threads.launch(dv, updateBlockMap, dv.logicalThread);
    }

    /** {@code update_block_map} (logical): the new entry; then the index update, or the cleanup. */
    private void updateBlockMap(DataVio dv) {
        long old = dv.oldMapping;
        long neu = BlockMapEntry.pack(dv.newPbn, dv.newState);
        if (vdo.journal == null) {
            vdo.blockMap.put(dv.lbn, neu); // with a journal the entry was stored with its journal entry
        }
        if (old == 0 && neu != 0) {
            vdo.counters.logicalUsed.increment();
        } else if (old != 0 && neu == 0) {
            vdo.counters.logicalUsed.decrement();
        }
        if (dv.updateIndex && dv.newPbn != 0) {
            threads.launch(dv, updateDedupeIndex, threads.dedupeThread);
        } else {
            completeDataVio(dv);
        }
    }

    /** The agent's {@code UDS_UPDATE} (dedupe thread): the index learns where the data now lives. */
    private void updateDedupeIndex(DataVio dv) {
        vdo.index.update(dv.name[0], dv.name[1], BlockMapEntry.pack(dv.newPbn, dv.newState));
        completeDataVio(dv);
    }

    /**
     * {@code complete_data_vio} + {@code perform_cleanup_stage}: the hash lock (hash zone), the unused
     * allocation (physical zone), the LBN lock (logical zone), then the answer and the pool.
     */
    void completeDataVio(DataVio dv) {
        if (dv.lock != null) {
            threads.launch(dv, cleanHashLock, threads.hashThread(dv.hashZone));
        } else {
            releaseAllocation(dv);
        }
    }

    /** {@code clean_hash_lock}: the agent releases its lock; the waiters get its result. */
    private void cleanHashLock(DataVio dv) {
        vdo.hashZones.vdoReleaseHashLock(dv, dv.result == null);
        releaseAllocation(dv);
    }

    private void releaseAllocation(DataVio dv) {
        if (dv.allocation != 0 && !dv.allocationUsed) {
            threads.launch(dv, releaseAllocatedLock, threads.physicalThread(physicalZoneOf(dv.allocation)));
        } else {
            releaseLogical(dv);
        }
    }

    /** {@code release_allocated_lock}: an allocation that was not used is free again. */
    private void releaseAllocatedLock(DataVio dv) {
        vdo.depot.releaseProvisional(dv.allocation);
        dv.allocation = 0;
        releaseLogical(dv);
    }

    private void releaseLogical(DataVio dv) {
        if (dv.lbnLocked) {
            threads.launch(dv, releaseLogicalLock, dv.logicalThread);
        } else {
            finishCleanup(dv);
        }
    }

    /** {@code finish_cleanup} of a request that held no LBN lock (a read served from a write in flight). */
    private void finishCleanup(DataVio dv) {
        answer(dv);
        dv.readBuffer = null;
        vdo.pool.release(dv);
    }

    /**
     * Answers the submitter if it still waits (inline, or a request that failed before its
     * acknowledgement), else keeps a failure for the next flush (dm-vdo would go read-only).
     */
    private void answer(DataVio dv) {
        if (dv.fua && dv.userBio != null && dv.result == null) {
            // dm-vdo acknowledges a FUA write after the journal block with its entry is written (FUA)
            try {
                vdo.commitForFua();
            } catch (RuntimeException e) {
                dv.result = e;
            }
        }
        if (dv.userBio != null) {
            acknowledgeDataVio(dv);
        } else if (dv.result != null) {
            vdo.deferError(dv.result);
        }
    }

    /** {@code handle_data_vio_error}: the cleanup of a request that failed; nothing it changed stays. */
    private void handleDataVioError(DataVio dv) {
        completeDataVio(dv);
    }

    /** {@code acknowledge_data_vio}: completes the submitter's bio for this block, with the data_vio's error if any. */
    void acknowledgeDataVio(DataVio dv) {
        UserBio bio = dv.userBio;
        if (bio != null) {
            dv.userBio = null;
            bio.acknowledge(dv.result);
        }
    }

    /** dm-vdo's early acknowledgement; inline, the submitter is answered when its data_vio stops instead. */
    private void acknowledgeEarly(DataVio dv) {
        if (!inline && !dv.fua) {
            acknowledgeDataVio(dv);
        }
    }

    // ------------------------------------------------------------------ the read path

    /** {@code read_block} (logical): the mapping decides: zeros, the block, or a fragment of a packed block. */
    private void readBlock(DataVio dv) {
        long e = vdo.blockMap.get(dv.lbn);
        long pbn = BlockMapEntry.packedPbn(e);
        int state = BlockMapEntry.packedState(e);
        if (!BlockMapEntry.isValid(pbn, state) || (pbn != 0 && !vdo.depot.isDataBlock(pbn))) {
            throw new VdoException(VdoStatus.BAD_MAPPING, "LBN " + dv.lbn + " maps to " + BlockMapEntry.unpack(e));
        }
        dv.mappedPbn = pbn;
        dv.mappedState = state;
        if (pbn == 0) {
            threads.launch(dv, completeZeroRead, threads.cpuThread);
        } else if (state == MappingState.UNCOMPRESSED) {
            vdoSubmitDataVio(dv, dv.readBuffer, dv.readOffset, false, pbn, readEndio);
        } else {
            vdoSubmitDataVio(dv, dv.compressedBlock(), 0, false, pbn, readEndio);
        }
    }

    /** {@code read_endio}: to a cpu thread. */
    private void readEndio(DataVio dv) {
        threads.launch(dv, completeRead, threads.cpuThread);
    }

    /** {@code complete_zero_read} (cpu). */
    private void completeZeroRead(DataVio dv) {
        Arrays.fill(dv.readBuffer, dv.readOffset, dv.readOffset + BLOCK_SIZE, (byte) 0);
        completeRead(dv);
    }

    /**
     * {@code complete_read} (cpu): a packed block is checked by dm-vdo's rules and its fragment decoded
     * by the slot's algorithm ({@code uncompress_data_vio}); then the read is answered.
     */
    private void completeRead(DataVio dv) {
        if (dv.mappedPbn != 0 && dv.mappedState != MappingState.UNCOMPRESSED) {
            FragmentLocation loc = vdo.scratch.get().location;
            CompressedBlock.locate(dv.compressedBlock(), 0, dv.mappedState, loc);
            StageClock c = vdo.stageClock();
            long t0 = c == null ? 0 : c.begin(Stage.DECOMPRESS);
            vdo.decoder.decode(loc.algorithm(), dv.compressedBlock(), loc.blockOffset(), loc.size(), dv.readBuffer,
                    dv.readOffset);
            if (c != null) {
                c.end(Stage.DECOMPRESS, t0, 1);
            }
            vdo.counters.fragmentsRead[loc.algorithm().ordinal()].increment();
        }
        if (dv.op != DataVio.OP_READ) {
            modifyForPartialWrite(dv);
            return;
        }
        copyOutPartialRead(dv);
        acknowledgeEarly(dv);
        completeDataVio(dv);
    }

    /**
     * {@code modify_for_partial_write} (cpu): the caller's bytes over the old block, the zero check
     * again, then on as a whole-block write from the logical zone.
     */
    private void modifyForPartialWrite(DataVio dv) {
        System.arraycopy(dv.partialBuffer, dv.partialBufferOffset, dv.data, dv.partialOffset, dv.partialLength);
        dv.partialBuffer = null;
        dv.readBuffer = null;
        dv.zero = isZeroBlock(dv.data);
        threads.launch(dv, continueDataVioWithBlockMapSlot, dv.logicalThread);
    }

    /** A partial read's bytes to the caller (the block was read into the data_vio). */
    private static void copyOutPartialRead(DataVio dv) {
        if (dv.partialLength > 0) {
            System.arraycopy(dv.data, dv.partialOffset, dv.partialBuffer, dv.partialBufferOffset, dv.partialLength);
            dv.partialBuffer = null;
        }
    }

    /** dm-vdo's {@code is_zero_block}: 512 u64 words are zero; {@code Arrays.mismatch} vectorises the same test. */
    static boolean isZeroBlock(byte[] b) {
        return Arrays.mismatch(b, ZEROS) < 0;
    }
}
