package io.vdobench.vdo;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.VdoException;
import java.util.Arrays;

/**
 * dm-vdo's {@code dedupe.c} ({@code struct hash_zones}): the hash zones and the hash-lock protocol.
 *
 * <p>The first data_vio with a record name becomes its lock's agent: it asks the index (dedupe
 * thread, {@code start_querying}), claims a reference on the advised block (its physical zone,
 * {@code lock_duplicate_pbn}), reads it (a bio thread) and compares the data, decompressing a packed
 * fragment (a cpu thread, {@code uncompress_and_verify}); verified advice is shared, anything else
 * is written ({@code start_writing} → {@code launch_compress_data_vio}). Data_vios with the same name
 * and data that arrive meanwhile wait on the lock ({@code wait_on_hash_lock}); when the agent is done
 * it claims one reference per waiter on its block and hands it to them
 * ({@code vdo_release_hash_lock}); waiters left without one (the 254 limit, or a failed agent) start
 * over on a new lock, dm-vdo's rollover. Same name, other data is a collision: written uncompressed,
 * bypassing dedupe. A lock whose agent writes never lets it wait in the packer while others wait.
 */
final class HashZones {
    /** Lock stripes when everything runs on the callers (inline). */
    private static final int INLINE_HASH_ZONES = 16;

    private final VdoVolume vdo;
    private final VdoThreads threads;
    private final HashZone[] zones;

    final VdoAction vdoAcquireHashLock = this::vdoAcquireHashLock;
    private final VdoAction queryIndex = this::queryIndex;
    private final VdoAction finishQuerying = this::finishQuerying;
    private final VdoAction lockDuplicatePbn = this::lockDuplicatePbn;
    private final VdoAction verifyReadEndio = this::verifyReadEndio;
    private final VdoAction verifyDuplication = this::verifyDuplication;
    private final VdoAction finishVerifying = this::finishVerifying;
    private final VdoAction unlockDuplicatePbn = this::unlockDuplicatePbn;
    private final VdoAction startWriting = this::startWriting;

    HashZones(VdoVolume vdo, VdoThreads threads) {
        this.vdo = vdo;
        this.threads = threads;
        boolean inline = threads.execution == Execution.INLINE;
        int n = inline ? INLINE_HASH_ZONES : threads.config.hashZoneCount();
        zones = new HashZone[n];
        int capacity = DataVioPath.zoneCapacity(inline, vdo.pool.size(), n);
        for (int i = 0; i < n; i++) {
            zones[i] = new HashZone(capacity);
        }
    }

    /** {@code vdo_select_hash_zone}: {@code (name[0] * zones) >> 8}. */
    int vdoSelectHashZone(long h1) {
        return RecordName.hashZone(h1, zones.length);
    }

    private int hashThread(DataVio dv) {
        return threads.hashThread(dv.hashZone);
    }

    /**
     * {@code vdo_acquire_hash_lock} (hash zone): the name's lock, new with this data_vio as its agent,
     * or an existing one to wait on; different data under the same name is a collision.
     */
    private void vdoAcquireHashLock(DataVio dv) {
        long h1 = dv.name[0];
        long h2 = dv.name[1];
        HashZone zone = zones[dv.hashZone];
        HashLock lock;
        DataVio packedAgent = null;
        int role;
        synchronized (zone) {
            lock = zone.locks.get(h1);
            if (lock == null) {
                lock = zone.newLock();
                lock.h1 = h1;
                lock.h2 = h2;
                lock.agent = dv;
                zone.locks.put(h1, lock);
                role = 0;
            } else if (lock.h2 != h2 || !Arrays.equals(lock.agent.data, dv.data)) {
                role = 1; // is_hash_collision: compares all 4096 bytes
            } else {
                lock.addWaiter(dv);
                role = 2;
                // wait_on_hash_lock: the agent must not wait in the packer while others wait for it
                if (lock.writing && lock.agent.cancelCompression()) {
                    packedAgent = lock.agent;
                }
            }
        }
        if (role == 0) {
            dv.lock = lock;
            threads.launch(dv, queryIndex, threads.dedupeThread); // start_querying
        } else if (role == 1) {
            vdo.counters.hashCollisions.increment();
            vdo.path.writeDataVio(dv);
        } else if (packedAgent != null) {
            // the waiter carries the removal request to the packer; it waits on the lock all the same
            dv.lockHolder = packedAgent;
            threads.launch(dv, vdo.packerWriter.vdoRemoveLockHolderFromPacker, threads.packerThread);
        }
    }

    /** The index query ({@code UDS_POST}/{@code UDS_QUERY}, dedupe thread). */
    private void queryIndex(DataVio dv) {
        dv.advice = vdo.index.lookup(dv.name[0], dv.name[1]);
        threads.launch(dv, finishQuerying, hashThread(dv));
    }

    /** {@code finish_querying} (hash zone): advice that can name a data block is checked, else the agent writes. */
    private void finishQuerying(DataVio dv) {
        long advice = dv.advice;
        if (advice != 0) {
            long pbn = BlockMapEntry.packedPbn(advice);
            int state = BlockMapEntry.packedState(advice);
            if (state != MappingState.UNMAPPED && vdo.depot.isDataBlock(pbn)) {
                threads.launch(dv, lockDuplicatePbn, threads.physicalThread(vdo.path.physicalZoneOf(pbn)));
                return;
            }
            vdo.counters.staleAdvice.increment();
        }
        startWriting(dv);
    }

    /**
     * {@code lock_duplicate_pbn} (physical zone): one reference on the advised block; a free,
     * provisional or saturated (254) block is stale advice. Then the block is read for verification.
     */
    private void lockDuplicatePbn(DataVio dv) {
        long pbn = BlockMapEntry.packedPbn(dv.advice);
        if (vdo.depot.claim(pbn, 1) == 1) {
            vdo.path.vdoSubmitDataVio(dv, dv.scratchBlock, 0, false, pbn, verifyReadEndio);
            return;
        }
        vdo.counters.staleAdvice.increment();
        threads.launch(dv, startWriting, hashThread(dv));
    }

    private void verifyReadEndio(DataVio dv) {
        threads.launch(dv, verifyDuplication, threads.cpuThread);
    }

    /** {@code verify_callback} (cpu): compares the candidate with the data. */
    private void verifyDuplication(DataVio dv) {
        dv.isDuplicate = uncompressAndVerify(dv);
        threads.launch(dv, finishVerifying, hashThread(dv));
    }

    /**
     * {@code uncompress_and_verify}: all 4096 bytes of the candidate (decompressed if the advice is a
     * packed fragment) equal the data. A stale location that no longer holds a valid packed block or
     * fragment is a mismatch, not an error.
     */
    private boolean uncompressAndVerify(DataVio dv) {
        byte[] block = dv.scratchBlock;
        int state = BlockMapEntry.packedState(dv.advice);
        if (state == MappingState.UNCOMPRESSED) {
            return Arrays.equals(block, dv.data);
        }
        Scratch s = vdo.scratch.get();
        FragmentLocation loc = s.location;
        if (CompressedBlock.check(block, 0, state, loc) != 0) {
            return false;
        }
        try {
            vdo.decoder.decode(loc.algorithm(), block, loc.blockOffset(), loc.size(), s.out, 0);
        } catch (VdoException e) {
            return false;
        }
        return Arrays.equals(s.out, dv.data);
    }

    /** {@code finish_verifying} (hash zone): a verified duplicate is shared; otherwise the reference goes back. */
    private void finishVerifying(DataVio dv) {
        if (dv.isDuplicate) {
            vdo.counters.dedupeHits.increment();
            dv.newPbn = BlockMapEntry.packedPbn(dv.advice);
            dv.newState = BlockMapEntry.packedState(dv.advice);
            dv.referenceClaimed = true;
            vdo.path.updateMetadataForDataVioWrite(dv);
            return;
        }
        vdo.counters.staleAdvice.increment();
        threads.launch(dv, unlockDuplicatePbn, threads.physicalThread(vdo.path.physicalZoneOf(
                BlockMapEntry.packedPbn(dv.advice))));
    }

    /** {@code unlock_duplicate_pbn} (physical zone): the claimed reference is given back. */
    private void unlockDuplicatePbn(DataVio dv) {
        vdo.depot.decrement(BlockMapEntry.packedPbn(dv.advice));
        threads.launch(dv, startWriting, hashThread(dv));
    }

    /**
     * {@code start_writing} (hash zone): the agent writes a copy of its own and will update the
     * index; with waiters already there it may not compress ({@code cancel_data_vio_compression}).
     */
    private void startWriting(DataVio dv) {
        HashZone zone = zones[dv.hashZone];
        synchronized (zone) {
            dv.lock.writing = true;
            if (dv.lock.waiterCount > 0) {
                dv.cancelCompression();
            }
        }
        dv.updateIndex = true;
        vdo.path.launchCompressDataVio(dv);
    }

    /**
     * {@code vdo_release_hash_lock} (hash zone): the agent is done. With a result, one reference per
     * waiter is claimed on its block (up to the 254 limit) and handed out; the others roll over to a
     * new lock. The lock leaves the table at once, so a later writer of the name starts a new one.
     */
    void vdoReleaseHashLock(DataVio agent, boolean ok) {
        HashLock lock = agent.lock;
        HashZone zone = zones[agent.hashZone];
        long pbn = agent.newPbn;
        int state = agent.newState;
        int grants = 0;
        DataVio waiters;
        synchronized (zone) {
            if (ok && pbn != 0 && lock.waiterCount > 0) {
                grants = vdo.depot.claim(pbn, lock.waiterCount);
            }
            zone.locks.remove(lock.h1, lock);
            waiters = lock.waiters;
            zone.recycle(lock);
        }
        agent.lock = null;
        Counters counters = vdo.counters;
        for (DataVio w = waiters, next; w != null; w = next) {
            next = w.waiterNext;
            w.waiterNext = null;
            if (grants > 0) {
                grants--;
                counters.dedupeHits.increment();
                counters.concurrentDedupe.increment();
                w.newPbn = pbn;
                w.newState = state;
                w.referenceClaimed = true;
                threads.requeue(w, vdo.path.readOldBlockMapping, w.logicalThread);
            } else {
                threads.requeue(w, vdoAcquireHashLock, hashThread(w));
            }
        }
    }
}
