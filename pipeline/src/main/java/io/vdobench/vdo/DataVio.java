package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.packer.PackerEntry;

/**
 * One 4 KiB request in flight ({@code struct data_vio}): its data, its compressed-block buffer
 * (inherited), its LBN, allocation, record name, hash lock and new mapping. Pooled and reused; a
 * data_vio parked in the packer outlives the write call that created it, as in dm-vdo, where the
 * write is acknowledged before its data is packed.
 */
final class DataVio extends PackerEntry {
    static final int OP_WRITE = 1;
    static final int OP_DISCARD = 2;

    final byte[] data = new byte[VdoConstants.BLOCK_SIZE];
    final long[] name = new long[2];
    /** {@link #name} holds the data's record name (dedupe was on when the write started). */
    boolean named;
    /** Bumped on every reuse, so stale references can be recognised. */
    long generation;
    int op;
    long lbn;
    boolean zero;
    /** Allocated PBN (provisional) or 0. */
    long allocation;
    /** True once the allocation became the new mapping's block (uncompressed write or packed agent). */
    boolean allocationUsed;
    long newPbn;
    int newState;
    /** The new mapping's reference was already claimed (dedupe or packed block commit). */
    boolean referenceClaimed;
    /** The lock this data_vio is the agent of, or null. */
    HashLock lock;
    /** Update the index with the new location on completion (agents and forked writers). */
    boolean updateIndex;

    void prepare(int op, long lbn) {
        generation++;
        this.op = op;
        this.lbn = lbn;
        zero = false;
        named = false;
        allocation = 0;
        allocationUsed = false;
        newPbn = 0;
        newState = 0;
        referenceClaimed = false;
        lock = null;
        updateIndex = false;
        leavePacker();
    }
}
