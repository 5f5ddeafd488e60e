package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.packer.PackerEntry;

/**
 * One 4 KiB request in flight ({@code struct data_vio}) and the completion that carries it from
 * thread to thread: its data, its compressed-block buffer (inherited), its LBN lock, allocation,
 * record name, hash lock and new mapping, and the bio it answers. Pooled and reused; a data_vio
 * parked in the packer outlives the request that created it, as in dm-vdo, where the write is
 * acknowledged before its data is packed.
 *
 * <p>Only the thread running one of its steps touches a data_vio, except where a field says
 * otherwise; a step hands it on with {@link VdoThreads#launch}, and the queue's monitor orders
 * the hand-over.
 */
final class DataVio extends PackerEntry implements VdoCompletion {
    static final int OP_READ = 0;
    static final int OP_WRITE = 1;
    static final int OP_DISCARD = 2;

    final byte[] data = new byte[VdoConstants.BLOCK_SIZE];
    /** dm-vdo's {@code scratch_block}: where the candidate of a verification is read. */
    final byte[] scratchBlock = new byte[VdoConstants.BLOCK_SIZE];
    final long[] name = new long[2];

    // ---- the completion
    VdoAction callback;
    VdoAction errorHandler;
    /** The error this data_vio completes with ({@code completion->result}), or null. */
    RuntimeException result;
    private VdoCompletion nextCompletion;

    // ---- the request
    int op;
    long lbn;
    boolean zero;
    /** Dedupe was on when the write started. */
    boolean dedupe;
    /** {@link #name} holds the data's record name. */
    boolean named;
    /** The submitter's bio, until this data_vio is acknowledged ({@code user_bio}). */
    UserBio userBio;
    /** A read's destination (the user bio's pages). */
    byte[] readBuffer;
    int readOffset;

    // ---- the LBN lock (struct lbn_lock) and flush generation; guarded by the logical zone's monitor
    LogicalZone logicalZone;
    int logicalThread;
    boolean lbnLocked;
    /** Requests waiting for this holder's LBN lock, oldest first, linked by {@link #waiterNext}. */
    DataVio lbnWaiters;
    DataVio lbnWaitersTail;
    /** The link in an LBN lock's or a hash lock's waiters. */
    DataVio waiterNext;
    /** Whether this write holds a flush generation lock (is in its zone's active list). */
    boolean flushRegistered;
    DataVio activePrev;
    DataVio activeNext;
    /** The parked holder a removal request on the packer thread is for ({@code compression.lock_holder}). */
    DataVio lockHolder;

    // ---- allocation and mapping
    /** Allocated PBN (provisional) or 0. */
    long allocation;
    int allocationZone;
    int firstAllocationZone;
    /** Read by requests on other threads that meet this one in the LBN map ({@code allocation_succeeded}). */
    volatile boolean allocationSucceeded;
    /** True once the allocation became the new mapping's block (uncompressed write or packed agent). */
    boolean allocationUsed;
    long newPbn;
    int newState;
    /** The new mapping's reference was already claimed (dedupe or packed block commit). */
    boolean referenceClaimed;
    /** The block map entry before this write ({@code mapped}). */
    long oldMapping;
    /** A read's mapping. */
    long mappedPbn;
    int mappedState;

    // ---- dedupe
    int hashZone;
    /** The lock this data_vio is the agent of, or null. */
    HashLock lock;
    /** The index's advice (a packed block map entry) or 0. */
    long advice;
    boolean isDuplicate;
    /** Update the index with the new location on completion (agents that wrote). */
    boolean updateIndex;

    // ---- the bio this data_vio has in flight (vio_reset_bio)
    byte[] bioBuffer;
    int bioOffset;
    boolean bioWrite;
    long bioPbn;
    VdoAction bioEndio;

    // ---- a packed batch: the agent links its clients ({@code compression.next_in_batch})
    DataVio nextInBatch;
    int batchSize;

    /** A write with FUA: not compressed, acknowledged once its journal entry is committed. */
    boolean fua;

    // ---- a partial (512-byte granular) request: the bytes [partialOffset, +partialLength) of the block
    int partialOffset;
    /** 0 for a whole block. */
    int partialLength;
    /** A partial write's source, or a partial read's destination (the caller's buffer, not kept after). */
    byte[] partialBuffer;
    int partialBufferOffset;

    /** Resets the data_vio for a new request ({@code launch_bio}'s memset). */
    void prepare(int op, long lbn, UserBio bio, VdoAction errorHandler) {
        this.op = op;
        fua = false;
        partialLength = 0;
        partialBuffer = null;
        this.lbn = lbn;
        this.userBio = bio;
        this.errorHandler = errorHandler;
        result = null;
        zero = false;
        dedupe = false;
        named = false;
        readBuffer = null;
        lbnLocked = false;
        lbnWaiters = null;
        lbnWaitersTail = null;
        waiterNext = null;
        flushRegistered = false;
        lockHolder = null;
        allocation = 0;
        allocationSucceeded = false;
        allocationUsed = false;
        newPbn = 0;
        newState = 0;
        referenceClaimed = false;
        oldMapping = 0;
        lock = null;
        advice = 0;
        isDuplicate = false;
        updateIndex = false;
        nextInBatch = null;
        batchSize = 0;
        resetCompression();
    }

    /** Adds a request that waits for this holder's LBN lock. */
    void addLbnWaiter(DataVio waiter) {
        if (lbnWaitersTail == null) {
            lbnWaiters = waiter;
        } else {
            lbnWaitersTail.waiterNext = waiter;
        }
        lbnWaitersTail = waiter;
    }

    @Override
    public void runCompletion() {
        try {
            callback.act(this);
        } catch (RuntimeException e) {
            // continue_data_vio_with_error: the step failed; the handler cleans up and answers (an
            // exception from the handler itself is a bug and goes up to the thread)
            if (result == null) {
                result = e;
            }
            errorHandler.act(this);
        }
    }

    @Override
    public VdoCompletion nextCompletion() {
        return nextCompletion;
    }

    @Override
    public void setNextCompletion(VdoCompletion next) {
        nextCompletion = next;
    }
}
