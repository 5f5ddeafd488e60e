package io.vdobench.vdo;

/**
 * Stage accumulators summed over a volume's threads, indexed by {@link Stage#ordinal()}: calls, the
 * data_vios they covered, their wall time, and for the sampled calls their wall and CPU time.
 */
public record StageTotals(long[] calls, long[] blocks, long[] wallNanos, long[] sampledCalls,
                          long[] sampledWallNanos, long[] sampledCpuNanos) {

    public StageTotals {
        calls = calls.clone();
        blocks = blocks.clone();
        wallNanos = wallNanos.clone();
        sampledCalls = sampledCalls.clone();
        sampledWallNanos = sampledWallNanos.clone();
        sampledCpuNanos = sampledCpuNanos.clone();
    }

    /** Nothing yet. */
    public static StageTotals empty() {
        long[] z = new long[Stage.values().length];
        return new StageTotals(z, z, z, z, z, z);
    }

    public long calls(Stage s) {
        return calls[s.ordinal()];
    }

    public long blocks(Stage s) {
        return blocks[s.ordinal()];
    }

    public long wallNanos(Stage s) {
        return wallNanos[s.ordinal()];
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
        return new StageTotals(sub(calls, earlier.calls), sub(blocks, earlier.blocks), sub(wallNanos, earlier.wallNanos),
                sub(sampledCalls, earlier.sampledCalls), sub(sampledWallNanos, earlier.sampledWallNanos),
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
