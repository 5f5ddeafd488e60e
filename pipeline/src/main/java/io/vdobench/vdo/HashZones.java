package io.vdobench.vdo;

import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.packer.PackerEntry;
import java.util.Arrays;

/**
 * dm-vdo's {@code dedupe.c} ({@code struct hash_zones}): the hash zones and the hash-lock protocol.
 * The first data_vio with a record name becomes its lock's agent: it queries the index, claims a
 * reference on the advised block and verifies the data ({@code start_querying},
 * {@code uncompress_and_verify}), else writes ({@code launch_compress_data_vio}). Data_vios with the
 * same name and data that arrive meanwhile wait ({@code wait_on_hash_lock}) and share the agent's
 * result when it releases the lock ({@code vdo_release_hash_lock}); same name, other data is a
 * collision and bypasses dedupe.
 */
final class HashZones {
    private static final int HASH_ZONES = 16;

    private final VdoVolume vdo;
    private final HashZone[] zones = new HashZone[HASH_ZONES];

    HashZones(VdoVolume vdo) {
        this.vdo = vdo;
        for (int i = 0; i < HASH_ZONES; i++) {
            zones[i] = new HashZone();
        }
    }

    /** {@code vdo_select_hash_zone}: by the name's first byte. */
    HashZone vdoSelectHashZone(long h1) {
        return zones[RecordName.hashZone(h1, HASH_ZONES)];
    }

    /**
     * {@code vdo_acquire_hash_lock}: becomes the agent of the name's hash lock, waits on it, or
     * bypasses it on a collision. Returns true when the data_vio now belongs to the packer.
     */
    boolean vdoAcquireHashLock(DataVio dv) {
        long h1 = dv.name[0];
        long h2 = dv.name[1];
        HashZone zone = vdoSelectHashZone(h1);
        HashLock lock;
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
                role = 1;
            } else {
                lock.waiters++;
                role = 2;
            }
        }
        if (role == 1) {
            // dm-vdo: a hash collision bypasses dedupe and is written uncompressed
            vdo.counters.hashCollisions.increment();
            return vdo.path.launchCompressDataVio(dv, false, false);
        }
        if (role == 2) {
            return waitOnHashLock(dv, zone, lock);
        }
        dv.lock = lock;
        return startQuerying(dv);
    }

    /** {@code start_querying} and what follows for the agent: use verified advice, else write. */
    private boolean startQuerying(DataVio dv) {
        SlabDepot depot = vdo.depot;
        long advice = vdo.index.lookup(dv.name[0], dv.name[1]);
        if (advice != 0) {
            long pbn = BlockMapEntry.packedPbn(advice);
            int state = BlockMapEntry.packedState(advice);
            if (state != MappingState.UNMAPPED && depot.isDataBlock(pbn) && depot.claim(pbn, 1) == 1) {
                if (uncompressAndVerify(dv.data, pbn, state)) {
                    vdo.counters.dedupeHits.increment();
                    dv.newPbn = pbn;
                    dv.newState = state;
                    dv.referenceClaimed = true;
                    return false;
                }
                depot.decrement(pbn);
            }
            vdo.counters.staleAdvice.increment();
        }
        return vdo.path.launchCompressDataVio(dv, true, true);
    }

    /** {@code uncompress_and_verify}: reads the candidate block (decompressing a packed one) and compares all 4096 bytes. */
    private boolean uncompressAndVerify(byte[] data, long pbn, int state) {
        Scratch s = vdo.scratch.get();
        vdo.storage.read(pbn, s.block, 0);
        if (state == MappingState.UNCOMPRESSED) {
            return Arrays.equals(s.block, data);
        }
        if (CompressedBlock.check(s.block, 0, state, s.location) != 0) {
            return false; // a stale location that no longer holds a valid packed block (no exception: no garbage)
        }
        try {
            vdo.decoder.decode(s.location.algorithm(), s.block, s.location.blockOffset(), s.location.size(), s.out, 0);
        } catch (VdoException e) {
            return false; // a stale location whose slot no longer holds a valid fragment
        }
        return Arrays.equals(s.out, data);
    }

    /** {@code wait_on_hash_lock}: wait for the agent's result and share it, or write a copy of its own. */
    private boolean waitOnHashLock(DataVio dv, HashZone zone, HashLock lock) {
        boolean interrupted = false;
        try {
            while (true) {
                DataVio parked = null;
                long parking = 0;
                boolean granted = false;
                long pbn = 0;
                int state = 0;
                synchronized (zone) {
                    while (!lock.done) {
                        DataVio a = lock.agent;
                        if (a != null && a.stage() == PackerEntry.STAGE_IN_BIN) {
                            parked = a;
                            parking = a.parkings();
                            break;
                        }
                        interrupted |= zone.await();
                    }
                    if (parked == null) {
                        if (lock.grants > 0) {
                            lock.grants--;
                            granted = true;
                            pbn = lock.resultPbn;
                            state = lock.resultState;
                        }
                        if (--lock.waiters == 0) {
                            zone.recycle(lock);
                        }
                    }
                }
                if (parked != null) {
                    // dm-vdo: a hash-lock waiter pulls the agent out of the packer; it is written uncompressed
                    try {
                        vdo.packerWriter.vdoRemoveLockHolderFromPacker(parked, parking);
                    } catch (RuntimeException e) {
                        abortWaiter(zone, lock);
                        throw e;
                    }
                    continue;
                }
                if (granted) {
                    vdo.counters.dedupeHits.increment();
                    vdo.counters.concurrentDedupe.increment();
                    dv.newPbn = pbn;
                    dv.newState = state;
                    dv.referenceClaimed = true;
                    return false;
                }
                // The agent failed, or its block reached 254 references: like dm-vdo's lock rollover,
                // start over on a new lock (the first such waiter becomes its agent and writes a new
                // copy, the others share that one).
                return vdoAcquireHashLock(dv);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code abort_waiter}: a waiter gives up on its lock (error path); it must not keep a reference claimed for it. */
    private void abortWaiter(HashZone zone, HashLock lock) {
        synchronized (zone) {
            lock.waiters--;
            if (lock.done && lock.grants > lock.waiters) {
                lock.grants--;
                vdo.depot.decrement(lock.resultPbn);
            }
            if (lock.done && lock.waiters == 0) {
                zone.recycle(lock);
            }
        }
    }

    /** {@code vdo_release_hash_lock}: the agent is done; record the result, claim one reference per waiter, wake them. */
    void vdoReleaseHashLock(DataVio agent, boolean ok) {
        HashLock lock = agent.lock;
        HashZone zone = vdoSelectHashZone(lock.h1);
        synchronized (zone) {
            lock.done = true;
            lock.ok = ok && agent.newPbn != 0;
            lock.resultPbn = agent.newPbn;
            lock.resultState = agent.newState;
            if (lock.ok && lock.waiters > 0) {
                lock.grants = vdo.depot.claim(agent.newPbn, lock.waiters);
            }
            zone.locks.remove(lock.h1, lock);
            lock.agent = null;
            if (lock.waiters == 0) {
                zone.recycle(lock);
            }
            zone.wakeAll();
        }
        agent.lock = null;
    }
}
