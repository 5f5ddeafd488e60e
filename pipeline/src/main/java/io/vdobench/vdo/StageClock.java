package io.vdobench.vdo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One thread's stage accumulators. Every call is counted; some are timed ({@link System#nanoTime}), and
 * of those some also read the thread's CPU time, so that preemption (more runnable threads than cores)
 * can be told apart from work. Which calls: one in {@code wallEvery} and one in {@code cpuEvery} per
 * stage, powers of two chosen from the stage's mean call so that each clock costs about 1 % of the
 * stage's own time ({@link #interval}): a 1 µs LZ4 read cannot afford two clock reads per call (see
 * docs/OFFLOAD-MODEL.md §1 for what that cost), a 0.6 ms write of 128 KiB can time every call. The choice never depends on the call being
 * timed, only on its index and on earlier calls, so the timed calls are a fair sample. Only its own
 * thread writes it; {@link StageTiming#snapshot} reads it when the volume is quiet.
 */
final class StageClock {
    /** Every call of a stage is timed at first, until its mean call is known. */
    static final int MAX_WALL_EVERY = 64;
    static final int MAX_CPU_EVERY = 4096;
    /** What each clock may cost, as a fraction of the stage's own time. */
    static final double BUDGET = 0.01;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int N = Stage.values().length;
    /**
     * CPU time a sampled interval holds beyond its stage: the end of the first CPU clock read and the
     * start of the second (about 1 µs where the read is a system call, as in a VM). Measured once, as
     * the least of many back-to-back reads, and subtracted from every sample; also what one read costs.
     */
    static final long CPU_CLOCK_OVERHEAD_NANOS = leastGap(MX::getCurrentThreadCpuTime);
    /** What a {@code nanoTime} read costs (the least of many back-to-back gaps, at least 1 ns). */
    static final long WALL_CLOCK_NANOS = Math.max(1, leastGap(System::nanoTime));

    final long[] calls = new long[N];
    final long[] blocks = new long[N];
    final long[] timedCalls = new long[N];
    final long[] timedWallNanos = new long[N];
    final long[] sampledCalls = new long[N];
    final long[] sampledWallNanos = new long[N];
    final long[] sampledCpuNanos = new long[N];
    private final long[] cpuStart = new long[N];
    /** Per stage, the current intervals (powers of two, cpuEvery a multiple of wallEvery). */
    private final long[] wallEvery = new long[N];
    private final long[] cpuEvery = new long[N];

    StageClock() {
        Arrays.fill(wallEvery, 1);
        Arrays.fill(cpuEvery, 1);
    }

    /** Starts a call of {@code s}; pass the result to {@link #end}. */
    long begin(Stage s) {
        int i = s.ordinal();
        long c = calls[i];
        if ((c & (wallEvery[i] - 1)) != 0) {
            return 0;
        }
        if ((c & (cpuEvery[i] - 1)) == 0) {
            cpuStart[i] = MX.getCurrentThreadCpuTime();
        }
        return System.nanoTime();
    }

    /** Ends the call of {@code s} begun at {@code t0}, which covered {@code n} data_vios. */
    void end(Stage s, long t0, int n) {
        int i = s.ordinal();
        long c = calls[i];
        calls[i] = c + 1;
        blocks[i] += n;
        if ((c & (wallEvery[i] - 1)) != 0) {
            return;
        }
        long dt = System.nanoTime() - t0;
        if ((c & (cpuEvery[i] - 1)) == 0) {
            sampledCpuNanos[i] += Math.max(0, MX.getCurrentThreadCpuTime() - cpuStart[i] - CPU_CLOCK_OVERHEAD_NANOS);
            sampledWallNanos[i] += dt;
            sampledCalls[i]++;
        }
        long timed = ++timedCalls[i];
        long wall = timedWallNanos[i] += dt;
        if ((timed & 63) == 0) { // re-chosen now and then from the mean so far; the next call's index decides
            double mean = (double) wall / timed;
            long w = interval(2 * WALL_CLOCK_NANOS, mean, MAX_WALL_EVERY);
            wallEvery[i] = w;
            cpuEvery[i] = Math.max(w, interval(2 * CPU_CLOCK_OVERHEAD_NANOS, mean, MAX_CPU_EVERY));
        }
    }

    /** The power of two, at most {@code max}, that spreads a clock costing {@code cost} ns to BUDGET of calls of {@code mean} ns. */
    static long interval(double cost, double mean, long max) {
        double want = cost / (BUDGET * Math.max(mean, 1));
        long k = 1;
        while (k < want && k < max) {
            k <<= 1;
        }
        return k;
    }

    private static long leastGap(LongSupplier clock) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long a = clock.getAsLong();
            long b = clock.getAsLong();
            if (b > a) {
                least = Math.min(least, b - a);
            }
        }
        return least == Long.MAX_VALUE ? 0 : least;
    }
}
