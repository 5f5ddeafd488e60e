package io.vdobench.report.csv;

import static io.vdobench.report.csv.Units.decimal;

import io.vdobench.fio.CaseResult;
import io.vdobench.vdo.ThreadLoad;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-thread columns of {@code results.csv} (reports/SCHEMA.md): the bottleneck (busiest
 * thread) and, for every dm-vdo thread of the run, {@code thread_<name>_busy_pct},
 * {@code thread_<name>_cpu_pct}, {@code thread_<name>_queue_mean} and {@code thread_<name>_queue_max}. A thread a row does not
 * have (another configuration, or inline) has empty cells.
 */
final class ThreadColumns {
    static final String BOTTLENECK_THREAD = "bottleneck_thread";
    static final String BOTTLENECK_BUSY = "bottleneck_busy_pct";
    static final String PREFIX = "thread_";
    static final String BUSY = "_busy_pct";
    static final String CPU = "_cpu_pct";
    static final String QUEUE_MEAN = "_queue_mean";
    static final String QUEUE_MAX = "_queue_max";

    private ThreadColumns() {
    }

    /** Every thread name of the rows, in the order the rows first name them. */
    static List<String> names(List<CaseResult> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> r.threads().forEach(t -> names.add(t.name())));
        return List.copyOf(names);
    }

    /** The extra header: four columns per thread. */
    static List<String> header(List<CaseResult> rows) {
        List<String> h = new ArrayList<>();
        for (String n : names(rows)) {
            h.add(PREFIX + n + BUSY);
            h.add(PREFIX + n + CPU);
            h.add(PREFIX + n + QUEUE_MEAN);
            h.add(PREFIX + n + QUEUE_MAX);
        }
        return h;
    }

    /** {@code bottleneck_thread}, {@code bottleneck_busy_pct}: empty without threads. */
    static List<String> bottleneck(CaseResult r) {
        ThreadLoad b = r.bottleneck();
        return b == null ? List.of("", "") : List.of(b.name(), decimal(b.busyPercent()));
    }

    static List<String> cells(CaseResult r, List<String> names) {
        List<String> cells = new ArrayList<>();
        for (String n : names) {
            ThreadLoad t = r.threads().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            cells.add(t == null ? "" : decimal(t.busyPercent()));
            cells.add(t == null ? "" : decimal(t.cpuPercent()));
            cells.add(t == null ? "" : decimal(t.meanQueueDepth()));
            cells.add(t == null ? "" : Integer.toString(t.maxQueueDepth()));
        }
        return cells;
    }

    /** The row's threads, in header order; a thread with a busy share needs both queue cells. */
    static List<ThreadLoad> read(CsvTable.Row r) {
        List<ThreadLoad> out = new ArrayList<>();
        for (Map.Entry<String, String> e : r.withPrefix(PREFIX).entrySet()) {
            if (!e.getKey().endsWith(BUSY)) {
                continue;
            }
            String name = e.getKey().substring(0, e.getKey().length() - BUSY.length());
            String busyCol = PREFIX + name + BUSY;
            double busy = r.decimal(busyCol);
            if (busy < 0 || busy > 100) {
                throw r.error(busyCol, r.text(busyCol), "must be a percentage between 0 and 100");
            }
            String cpuCol = PREFIX + name + CPU;
            double cpu = r.decimal(cpuCol);
            if (cpu < 0 || cpu > 100) {
                throw r.error(cpuCol, r.text(cpuCol), "must be a percentage between 0 and 100, or empty");
            }
            String meanCol = PREFIX + name + QUEUE_MEAN;
            double mean = r.decimal(meanCol);
            if (!(mean >= 0)) {
                throw r.error(meanCol, r.text(meanCol), "must be a queue depth >= 0 next to " + busyCol);
            }
            String maxCol = PREFIX + name + QUEUE_MAX;
            long max = r.integer(maxCol, -1);
            if (max < 0 || max > Integer.MAX_VALUE) {
                throw r.error(maxCol, r.text(maxCol), "must be a whole queue depth >= 0 next to " + busyCol);
            }
            out.add(new ThreadLoad(name, busy, cpu, mean, (int) max));
        }
        return out;
    }
}
