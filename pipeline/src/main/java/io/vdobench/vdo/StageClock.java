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
    /** A power of two: one call in this many reads the thread's CPU clock (two reads of ~1 µs on this VM). */
    static final int SAMPLE_EVERY = 64;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int N = Stage.values().length;
    /**
     * CPU time a sampled interval holds beyond its stage: the end of the first CPU clock read and the
     * start of the second (about 1 µs where the read is a system call, as in a VM). Measured once, as
     * the least of many back-to-back reads, and subtracted from every sample.
     */
    static final long CPU_CLOCK_OVERHEAD_NANOS = cpuClockOverhead();

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
            sampledCpuNanos[i] += Math.max(0, MX.getCurrentThreadCpuTime() - cpuStart[i] - CPU_CLOCK_OVERHEAD_NANOS);
            sampledWallNanos[i] += dt;
            sampledCalls[i]++;
        }
        calls[i]++;
        blocks[i] += n;
        wallNanos[i] += dt;
    }

    private static long cpuClockOverhead() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long a = MX.getCurrentThreadCpuTime();
            long b = MX.getCurrentThreadCpuTime();
            if (b > a) {
                least = Math.min(least, b - a);
            }
        }
        return least == Long.MAX_VALUE ? 0 : least;
    }
}
