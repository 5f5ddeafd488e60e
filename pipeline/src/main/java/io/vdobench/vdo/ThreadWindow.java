package io.vdobench.vdo;

import java.util.List;

/**
 * Watches a volume's threads over part of a run (e.g. a benchmark's measured iterations), as
 * {@code top} would between two looks: {@link VdoVolume#watchThreads()} starts it, {@link #loads()}
 * gives each thread's load since. The peak queue depth is the volume's, so one window at a time.
 */
public final class ThreadWindow {
    private final VdoThreads threads;
    private final List<ThreadStatistics> start;
    private final long startNanos = System.nanoTime();

    ThreadWindow(VdoThreads threads) {
        this.threads = threads;
        this.start = threads.statistics();
        threads.markPeaks();
    }

    /** Each thread's busy share and queue depth since the window started (none inline). */
    public List<ThreadLoad> loads() {
        return ThreadLoad.between(start, threads.statistics());
    }

    /** Wall time since the window started, ns. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
