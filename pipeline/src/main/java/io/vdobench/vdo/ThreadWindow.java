package io.vdobench.vdo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches a volume's threads over part of a run, as {@code top} would between two looks:
 * {@link VdoVolume#watchThreads()} starts it, {@link #loads()} gives each thread's load since. A
 * window can {@link #pause()} and {@link #resume()}, so that it covers, say, a benchmark's
 * measured iterations and not the gaps between them: busy time, CPU time, wall time and queue
 * arrivals add up over the running stretches only. The largest queue depth is the queue's peak
 * since the window started (pauses included), so watch one window at a time.
 */
public final class ThreadWindow {
    private final VdoThreads threads;
    /** Per thread name: busy ns, CPU ns (-1 unknown), wall ns, arrivals, depth sum, over the closed stretches. */
    private final Map<String, long[]> sums = new LinkedHashMap<>();
    private List<ThreadStatistics> stretchStart;
    private long stretchStartNanos;
    private long closedNanos;

    ThreadWindow(VdoThreads threads) {
        this.threads = threads;
        threads.markPeaks();
        resume();
    }

    /** Ends the current stretch (nothing if paused): what follows is not counted until {@link #resume()}. */
    public synchronized void pause() {
        if (stretchStart != null) {
            add(sums, stretchStart, threads.statistics());
            closedNanos += System.nanoTime() - stretchStartNanos;
            stretchStart = null;
        }
    }

    /** Starts a new stretch (nothing if running). */
    public synchronized void resume() {
        if (stretchStart == null) {
            stretchStart = threads.statistics();
            stretchStartNanos = System.nanoTime();
        }
    }

    /** Each thread's busy share, CPU share and queue depth over the running stretches (none inline). */
    public synchronized List<ThreadLoad> loads() {
        List<ThreadStatistics> now = threads.statistics();
        Map<String, long[]> all = new LinkedHashMap<>();
        sums.forEach((k, v) -> all.put(k, v.clone()));
        if (stretchStart != null) {
            add(all, stretchStart, now);
        }
        List<ThreadLoad> out = new ArrayList<>(now.size());
        for (ThreadStatistics t : now) {
            long[] s = all.get(t.name());
            out.add(s == null ? ThreadLoad.of(t.name(), 0, 0, 0, 0, 0, t.peakQueueDepth())
                    : ThreadLoad.of(t.name(), s[0], s[1], s[2], s[3], s[4], t.peakQueueDepth()));
        }
        return out;
    }

    /** Wall time of the running stretches, ns. */
    public synchronized long elapsedNanos() {
        return closedNanos + (stretchStart == null ? 0 : System.nanoTime() - stretchStartNanos);
    }

    private static void add(Map<String, long[]> sums, List<ThreadStatistics> start, List<ThreadStatistics> end) {
        Map<String, ThreadStatistics> before = new LinkedHashMap<>();
        start.forEach(t -> before.put(t.name(), t));
        for (ThreadStatistics e : end) {
            ThreadStatistics s = before.get(e.name());
            long[] sum = sums.computeIfAbsent(e.name(), k -> new long[5]);
            sum[0] += e.busyNanos() - (s == null ? 0 : s.busyNanos());
            boolean cpuKnown = sum[1] >= 0 && e.cpuNanos() >= 0 && (s == null || s.cpuNanos() >= 0);
            sum[1] = cpuKnown ? sum[1] + e.cpuNanos() - (s == null ? 0 : s.cpuNanos()) : -1;
            sum[2] += e.aliveNanos() - (s == null ? 0 : s.aliveNanos());
            sum[3] += e.arrivals() - (s == null ? 0 : s.arrivals());
            sum[4] += e.queueDepthSum() - (s == null ? 0 : s.queueDepthSum());
        }
    }
}
