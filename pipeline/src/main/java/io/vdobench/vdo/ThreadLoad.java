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
 * @param busyPercent    time spent running completions (or ready to, waiting for a core), % of the wall time
 * @param cpuPercent     CPU time the thread got, % of the wall time, as {@code top} shows it; NaN when unknown
 * @param meanQueueDepth mean depth an arriving completion found, itself included (0 when none arrived)
 * @param maxQueueDepth  the largest depth
 */
public record ThreadLoad(String name, double busyPercent, double cpuPercent, double meanQueueDepth,
                         int maxQueueDepth) {

    public ThreadLoad {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a thread load needs the thread's name");
        }
        if (!(busyPercent >= 0) || cpuPercent < 0 || !(meanQueueDepth >= 0) || maxQueueDepth < 0) {
            throw new IllegalArgumentException("thread " + name + ": busy %, CPU % and queue depths must not be negative");
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
            long cpu = e.cpuNanos() < 0 || (s != null && s.cpuNanos() < 0) ? -1
                    : e.cpuNanos() - (s == null ? 0 : s.cpuNanos());
            out.add(of(e.name(), e.busyNanos() - (s == null ? 0 : s.busyNanos()), cpu,
                    e.aliveNanos() - (s == null ? 0 : s.aliveNanos()), e.arrivals() - (s == null ? 0 : s.arrivals()),
                    e.queueDepthSum() - (s == null ? 0 : s.queueDepthSum()), e.peakQueueDepth()));
        }
        return out;
    }

    /**
     * A thread's load from its counts over some wall time: busy and CPU ns (CPU negative when
     * unknown), arrivals and the depths they found, summed, and the largest depth.
     */
    static ThreadLoad of(String name, long busyNanos, long cpuNanos, long wallNanos, long arrivals, long depthSum,
                         int maxDepth) {
        return new ThreadLoad(name, percent(busyNanos, wallNanos), cpuNanos < 0 ? Double.NaN : percent(cpuNanos, wallNanos),
                arrivals <= 0 ? 0 : (double) depthSum / arrivals, maxDepth);
    }

    private static double percent(long part, long wall) {
        return wall <= 0 ? 0 : Math.min(100, Math.max(0, part * 100.0 / wall));
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
