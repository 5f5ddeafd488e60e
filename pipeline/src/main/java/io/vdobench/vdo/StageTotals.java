package io.vdobench.vdo;

/**
 * Stage accumulators summed over a volume's threads, indexed by {@link Stage#ordinal()}: calls, the
 * data_vios they covered, the timed calls and their wall time, and for the sampled calls (a subset of
 * the timed ones) their wall and CPU time ({@link StageClock}).
 */
public record StageTotals(long[] calls, long[] blocks, long[] timedCalls, long[] timedWallNanos, long[] sampledCalls,
                          long[] sampledWallNanos, long[] sampledCpuNanos) {

    public StageTotals {
        calls = calls.clone();
        blocks = blocks.clone();
        timedCalls = timedCalls.clone();
        timedWallNanos = timedWallNanos.clone();
        sampledCalls = sampledCalls.clone();
        sampledWallNanos = sampledWallNanos.clone();
        sampledCpuNanos = sampledCpuNanos.clone();
    }

    /** Nothing yet. */
    public static StageTotals empty() {
        long[] z = new long[Stage.values().length];
        return new StageTotals(z, z, z, z, z, z, z);
    }

    public long calls(Stage s) {
        return calls[s.ordinal()];
    }

    public long blocks(Stage s) {
        return blocks[s.ordinal()];
    }

    public long timedCalls(Stage s) {
        return timedCalls[s.ordinal()];
    }

    /**
     * Wall time of all calls of {@code s}: the timed calls' mean times the calls (NaN when calls were made but
     * none was timed).
     */
    public double wallNanos(Stage s) {
        int i = s.ordinal();
        if (timedCalls[i] == 0) {
            return calls[i] == 0 ? 0 : Double.NaN;
        }
        return (double) timedWallNanos[i] / timedCalls[i] * calls[i];
    }

    public long sampledCalls(Stage s) {
        return sampledCalls[s.ordinal()];
    }

    public long sampledWallNanos(Stage s) {
        return sampledWallNanos[s.ordinal()];
    }

    public long sampledCpuNanos(Stage s) {
        return sampledCpuNanos[s.ordinal()];
    }

    /**
     * CPU time of all calls of {@code s}: the sampled calls' mean CPU time times the calls (NaN when no call was
     * sampled). Not the wall time scaled by the samples' CPU/wall ratio: reading the CPU clock is a system call
     * here, so a sampled call tends to start on a fresh time slice and is preempted less than the others; its
     * CPU time is unaffected by that, its wall time is not. At most the calls' wall time: what the clock's own
     * cost leaves in a short sample can exceed the stage.
     */
    public double cpuNanos(Stage s) {
        if (sampledCalls(s) == 0) {
            return calls(s) == 0 ? 0 : Double.NaN;
        }
        return Math.min(wallNanos(s), (double) sampledCpuNanos(s) / sampledCalls(s) * calls(s));
    }

    /** This minus an earlier snapshot: what happened in between. */
    public StageTotals minus(StageTotals earlier) {
        return new StageTotals(sub(calls, earlier.calls), sub(blocks, earlier.blocks), sub(timedCalls, earlier.timedCalls),
                sub(timedWallNanos, earlier.timedWallNanos), sub(sampledCalls, earlier.sampledCalls), sub(sampledWallNanos, earlier.sampledWallNanos),
                sub(sampledCpuNanos, earlier.sampledCpuNanos));
    }

    private static long[] sub(long[] a, long[] b) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }
}
