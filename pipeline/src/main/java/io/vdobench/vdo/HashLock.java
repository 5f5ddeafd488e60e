package io.vdobench.vdo;

/**
 * dm-vdo's hash lock: one per record name in flight. The first data_vio with a name becomes the
 * agent and does the work (query the index, verify advice, or write); data_vios with the same name
 * that arrive meanwhile wait and then share the agent's result, each taking one of the reference
 * increments the agent claimed for them. Guarded by its hash zone's monitor. Pooled per zone.
 */
final class HashLock {
    long h1;
    long h2;
    DataVio agent;
    int waiters;
    boolean done;
    boolean ok;
    long resultPbn;
    int resultState;
    /** Reference increments claimed for waiters and not yet taken. */
    int grants;

    void reset() {
        agent = null;
        waiters = 0;
        done = false;
        ok = false;
        resultPbn = 0;
        resultState = 0;
        grants = 0;
    }
}
