package io.vdobench.vdo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One thread's stage accumulators: every call's wall time ({@link System#nanoTime}), and on every
 * {@value #SAMPLE_EVERY}th call of a stage also the thread's CPU time, so that preemption (more
 * runnable threads than cores) can be told apart from work at a few ns per call. Only its own thread
 * writes it; {@link StageTiming#snapshot} reads it when the volume is quiet.
 */
final class StageClock {
    /** A power of two: one call in this many reads the thread's CPU clock (two calls of ~0.2 µs). */
    static final int SAMPLE_EVERY = 16;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int N = Stage.values().length;

    final long[] calls = new long[N];
    final long[] blocks = new long[N];
    final long[] wallNanos = new long[N];
    final long[] sampledCalls = new long[N];
    final long[] sampledWallNanos = new long[N];
    final long[] sampledCpuNanos = new long[N];
    private final long[] cpuStart = new long[N];

    /** Starts a call of {@code s}; pass the result to {@link #end}. */
    long begin(Stage s) {
        int i = s.ordinal();
        if ((calls[i] & (SAMPLE_EVERY - 1)) == 0) {
            cpuStart[i] = MX.getCurrentThreadCpuTime();
        }
        return System.nanoTime();
    }

    /** Ends the call of {@code s} begun at {@code t0}, which covered {@code n} data_vios. */
    void end(Stage s, long t0, int n) {
        long dt = System.nanoTime() - t0;
        int i = s.ordinal();
        if ((calls[i] & (SAMPLE_EVERY - 1)) == 0) {
            sampledCpuNanos[i] += MX.getCurrentThreadCpuTime() - cpuStart[i];
            sampledWallNanos[i] += dt;
            sampledCalls[i]++;
        }
        calls[i]++;
        blocks[i] += n;
        wallNanos[i] += dt;
    }
}
