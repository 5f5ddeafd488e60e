package io.vdobench.vdo;

/**
 * dm-vdo's hash lock: one per record name in flight. The first data_vio with a name becomes the
 * agent and does the work (query the index, verify advice, or write); data_vios with the same name
 * and data that arrive meanwhile wait here and then share the agent's result. Guarded by its hash
 * zone's monitor. Pooled per zone.
 */
final class HashLock {
    long h1;
    long h2;
    DataVio agent;
    /** The agent is writing (dm-vdo's WRITING state): a new waiter cancels its compression. */
    boolean writing;
    DataVio waiters;
    DataVio waitersTail;
    int waiterCount;

    void addWaiter(DataVio dv) {
        if (waitersTail == null) {
            waiters = dv;
        } else {
            waitersTail.waiterNext = dv;
        }
        waitersTail = dv;
        waiterCount++;
    }

    void reset() {
        agent = null;
        writing = false;
        waiters = null;
        waitersTail = null;
        waiterCount = 0;
    }
}
