package io.vdobench.bench;

import io.vdobench.vdo.StageTiming;
import io.vdobench.vdo.StageTotals;
import java.lang.management.ManagementFactory;

/**
 * The measured part of a trial for the stage file: the stage totals, the process's CPU time and the
 * wall clock when the first measurement iteration starts and when the last one ends. Warm-up (JIT,
 * cold caches) and the trial's flush and checks fall outside.
 */
final class StageWindow {
    private final StageTiming timing;
    private StageTotals start;
    private long startCpu;
    private long startWall;
    private StageTotals end;
    private long endCpu;
    private long endWall;

    StageWindow(StageTiming timing) {
        this.timing = timing;
    }

    void measurementStarts() {
        if (start == null) {
            start = timing.snapshot();
            startCpu = jvmCpuNanos();
            startWall = System.nanoTime();
        }
    }

    void measurementEnds() {
        if (start != null) {
            end = timing.snapshot();
            endCpu = jvmCpuNanos();
            endWall = System.nanoTime();
        }
    }

    /** False until a measurement iteration has started and ended. */
    boolean complete() {
        return end != null;
    }

    StageTotals totals() {
        return end.minus(start);
    }

    long processCpuNanos() {
        return endCpu - startCpu;
    }

    long wallNanos() {
        return endWall - startWall;
    }

    /** CPU time of the whole JVM (every thread), -1 where the platform does not say. */
    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
