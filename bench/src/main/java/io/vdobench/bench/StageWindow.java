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
    private long startHostBusy;
    private StageTotals end;
    private long endCpu;
    private long endWall;
    private long endHostBusy;

    StageWindow(StageTiming timing) {
        this.timing = timing;
    }

    void measurementStarts() {
        if (start == null) {
            start = timing.snapshot();
            startCpu = jvmCpuNanos();
            startWall = System.nanoTime();
            startHostBusy = readHostBusyNanos();
        }
    }

    void measurementEnds() {
        if (start != null) {
            end = timing.snapshot();
            endCpu = jvmCpuNanos();
            endWall = System.nanoTime();
            endHostBusy = readHostBusyNanos();
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

    /** CPU time every process of the host spent (ours included), or -1 where /proc/stat is missing. */
    long hostBusyNanos() {
        return startHostBusy < 0 || endHostBusy < 0 ? -1 : endHostBusy - startHostBusy;
    }

    /**
     * The host's busy CPU time so far from /proc/stat's first line (user, nice, system, irq, softirq,
     * steal; not idle or iowait), in ns at the kernel's USER_HZ of 100; -1 if it cannot be read. With the
     * process's own CPU time it says how many cores other work took during the window.
     */
    static long readHostBusyNanos() {
        try {
            String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
            return busyNanos(line);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    static long busyNanos(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            return -1;
        }
        long ticks = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            ticks += Long.parseLong(f[i]);
        }
        return ticks * 10_000_000L;
    }

    /** CPU time of the whole JVM (every thread), -1 where the platform does not say. */
    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
