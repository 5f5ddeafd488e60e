package io.vdobench.vdo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of a volume's threads over part of a run, as watching dm-vdo's kernel threads in {@code top}
 * shows them: the share of the time it was busy, and its work queue's depth.
 *
 * @param name           dm-vdo's thread name, e.g. {@code cpuQ}, {@code reqQ}, {@code bioQ2}
 * @param busyPercent    time spent running completions, % of the wall time (0..100)
 * @param meanQueueDepth mean depth an arriving completion found, itself included (0 when none arrived)
 * @param maxQueueDepth  the largest depth
 */
public record ThreadLoad(String name, double busyPercent, double meanQueueDepth, int maxQueueDepth) {

    public ThreadLoad {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a thread load needs the thread's name");
        }
        if (!(busyPercent >= 0) || !(meanQueueDepth >= 0) || maxQueueDepth < 0) {
            throw new IllegalArgumentException("thread " + name + ": busy % and queue depths must not be negative");
        }
    }

    /**
     * Each thread of {@code end} over the time since {@code start} (the same volume's threads, taken
     * earlier); the largest depth is {@code end}'s peak, so start the peak with the window
     * ({@link ThreadWindow} does).
     */
    public static List<ThreadLoad> between(List<ThreadStatistics> start, List<ThreadStatistics> end) {
        Map<String, ThreadStatistics> before = new HashMap<>();
        start.forEach(t -> before.put(t.name(), t));
        List<ThreadLoad> out = new ArrayList<>(end.size());
        for (ThreadStatistics e : end) {
            ThreadStatistics s = before.get(e.name());
            long busy = e.busyNanos() - (s == null ? 0 : s.busyNanos());
            long wall = e.aliveNanos() - (s == null ? 0 : s.aliveNanos());
            long arrivals = e.arrivals() - (s == null ? 0 : s.arrivals());
            long depths = e.queueDepthSum() - (s == null ? 0 : s.queueDepthSum());
            out.add(new ThreadLoad(e.name(), wall <= 0 ? 0 : Math.min(100, Math.max(0, busy * 100.0 / wall)),
                    arrivals <= 0 ? 0 : (double) depths / arrivals, e.peakQueueDepth()));
        }
        return out;
    }

    /** The busiest thread, or null when there is none (inline execution). */
    public static ThreadLoad busiest(List<ThreadLoad> loads) {
        ThreadLoad best = null;
        for (ThreadLoad l : loads) {
            if (best == null || l.busyPercent > best.busyPercent) {
                best = l;
            }
        }
        return best;
    }

    /** e.g. {@code cpuQ 98 % busy}. */
    public String label() {
        return String.format(Locale.ROOT, "%s %.0f %% busy", name, busyPercent);
    }
}
