package io.vdobench.vdo;

import java.util.Locale;

/**
 * One of the volume's threads as {@code top} would show it: how long it was busy (not waiting for
 * work) since it started, how many completions it ran, and its queue: the depth now, the largest
 * depth, and the mean depth an arriving completion found (itself included).
 *
 * @param name          dm-vdo's thread name, e.g. {@code cpuQ}, {@code reqQ}, {@code bioQ2}
 * @param busyNanos     time spent running completions
 * @param aliveNanos    time since the thread started
 * @param completions   completions run
 * @param queueDepth    completions waiting now
 * @param maxQueueDepth the largest number waiting at once
 * @param meanQueueDepth mean depth seen by arrivals (0 when nothing arrived)
 * @param arrivals      completions ever queued
 * @param queueDepthSum the depths arrivals found, summed (for the mean over part of a run)
 * @param peakQueueDepth the largest depth since the last {@link ThreadWindow} started (or since the start)
 * @param cpuNanos      CPU time the thread got (busy time includes waiting for a core), -1 when unknown
 */
public record ThreadStatistics(String name, long busyNanos, long aliveNanos, long completions, int queueDepth,
                               int maxQueueDepth, double meanQueueDepth, long arrivals, long queueDepthSum,
                               int peakQueueDepth, long cpuNanos) {

    /** Busy time as a percentage of the thread's life. */
    public double busyPercent() {
        return aliveNanos == 0 ? 0 : busyNanos * 100.0 / aliveNanos;
    }

    /** One line: name, busy %, completions, queue now/max/mean. */
    public String format() {
        return String.format(Locale.ROOT, "%-10s %5.1f %% busy %12d completions  queue %d now, %d max, %.1f mean",
                name, busyPercent(), completions, queueDepth, maxQueueDepth, meanQueueDepth);
    }
}
