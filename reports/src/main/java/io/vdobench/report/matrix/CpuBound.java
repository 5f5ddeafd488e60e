package io.vdobench.report.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.vdobench.fio.Matrix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The cpu-thread bound of dm-vdo's default threads: all hashing and compression of a write runs on
 * the "cpu" threads, so with {@code cpu 1} write bandwidth cannot exceed one 4 KiB block per
 * cpu-thread time per data_vio, whatever the job count. For each case of matrix run directories
 * ({@code run-matrix.sh --execution threads}; {@code bench/cpu-bound.sh} makes them) this sets the
 * measured bandwidth next to that bound, both from the same measured part: the bound is
 * 4096 B / (cpu-thread time per data_vio), the cpu threads' time summed, so with {@code cpu 2} the
 * ratio can grow towards 2. Busy time (running or waiting for a core) gives the bound; CPU time (on
 * a core) is shown beside it, because on a host with fewer cores than runnable threads the two differ.
 *
 * <pre>java -cp reports/target/vdobench.jar io.vdobench.report.matrix.CpuBound DIR... [--csv FILE]</pre>
 */
public final class CpuBound {
    /** With cpu 1 and 8 or more jobs, bandwidth should be within this of the bound (issue #16). */
    static final double TOLERANCE = 0.10;

    /**
     * One case × policy of one run.
     *
     * @param vdoThreads       the run's thread configuration ({@code environment}/{@code volume.properties})
     * @param cpuThreads       its cpu thread count
     * @param pattern          fio rw
     * @param blockSize        bytes per I/O
     * @param jobs             submitters
     * @param policy           the policy
     * @param mbPerS           JMH's bandwidth, MB/s
 * @param windowMbPerS     the measured part's own bandwidth (its data_vios × 4096 B over its time), MB/s
     * @param busyNsPerDataVio cpu-thread busy time per data_vio, ns
     * @param cpuNsPerDataVio  cpu-thread CPU time per data_vio, ns (NaN when unknown)
     */
    public record Line(String vdoThreads, int cpuThreads, String pattern, int blockSize, int jobs, String policy,
                       double mbPerS, double windowMbPerS, double busyNsPerDataVio, double cpuNsPerDataVio) {
        /** 4096 B per busy time per data_vio, MB/s: one cpu thread's rate. */
        public double boundMbPerS() {
            return 4096e3 / busyNsPerDataVio;
        }

        public double ratio() {
            return mbPerS / boundMbPerS();
        }

        /** The same with CPU time on a core. */
        public double cpuBoundMbPerS() {
            return 4096e3 / cpuNsPerDataVio;
        }

        /** "yes"/"NO" where the issue expects the bound to hold (cpu 1, 8+ jobs), else "". */
        public String withinTolerance() {
            if (cpuThreads != 1 || jobs < 8) {
                return "";
            }
            return Math.abs(ratio() - 1) <= TOLERANCE ? "yes" : "NO";
        }
    }

    private CpuBound() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        List<Path> dirs = new ArrayList<>();
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--csv") && i + 1 < args.length) {
                csv = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                err.println("cpu-bound: unknown option " + args[i] + " (usage: CpuBound DIR... [--csv FILE])");
                return 2;
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty()) {
            err.println("cpu-bound: usage: CpuBound DIR... [--csv FILE] (matrix run directories, --execution threads)");
            return 2;
        }
        List<Line> lines = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isRegularFile(d.resolve("jmh-results.json"))) {
                err.println("cpu-bound: " + d + " has no jmh-results.json (a run-matrix.sh run directory?)");
                return 2;
            }
            lines.addAll(lines(d));
        }
        if (lines.isEmpty()) {
            err.println("cpu-bound: no case with a measured cpu thread in " + dirs
                    + " (was it run with --execution threads?)");
            return 2;
        }
        lines.sort(Comparator.comparing(Line::pattern).thenComparingInt(Line::blockSize).thenComparing(Line::policy)
                .thenComparingInt(Line::cpuThreads).thenComparingInt(Line::jobs));
        out.print(table(lines));
        if (csv != null) {
            Files.writeString(csv, csv(lines));
        }
        return 0;
    }

    /** The lines of one run directory: every case whose side file measured a cpu thread. */
    static List<Line> lines(Path dir) throws IOException {
        String threads = vdoThreads(dir);
        int cpu = cpuCount(threads);
        List<Line> out = new ArrayList<>();
        Path sc = dir.resolve("sidecars");
        for (MatrixResults.Row r : MatrixResults.load(List.of(dir.resolve("jmh-results.json")),
                Files.isDirectory(sc) ? sc : null, Matrix.load())) {
            JsonNode m = r.sidecar() == null ? null : r.sidecar().path("measured");
            if (m == null || !m.path("cpu_thread_busy_ns_per_data_vio").isNumber()
                    || !(m.path("cpu_thread_busy_ns_per_data_vio").asDouble() > 0)) {
                continue;
            }
            out.add(new Line(threads, cpu, r.matrixCase().pattern().fioName(), r.matrixCase().blockSize(),
                    r.matrixCase().numjobs(), r.policy(), r.mbPerS(), m.path("mb_per_s").asDouble(Double.NaN),
                    m.path("cpu_thread_busy_ns_per_data_vio").asDouble(),
                    m.path("cpu_thread_cpu_ns_per_data_vio").asDouble(Double.NaN)));
        }
        return out;
    }

    private static String vdoThreads(Path dir) throws IOException {
        for (String f : List.of("volume.properties", "environment.properties")) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                for (String l : Files.readAllLines(p)) {
                    if (l.startsWith("vdo.threads=")) {
                        return l.substring("vdo.threads=".length()).strip();
                    }
                }
            }
        }
        return "?";
    }

    /** The cpu count of a thread configuration ("ack=1,...,cpu=2,..."); 0 when unknown. */
    static int cpuCount(String threads) {
        for (String kv : threads.split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length == 2 && p[0].strip().equals("cpu")) {
                try {
                    return Integer.parseInt(p[1].strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    static String table(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("Write bandwidth against the cpu-thread bound, 4096 B / (cpu-thread time per data_vio), same measured part\n");
        sb.append(String.format(Locale.ROOT, "%-10s %6s %-4s %-8s %4s %9s %9s %11s %10s %6s %11s %10s %7s%n", "pattern",
                "bs", "cpu", "policy", "jobs", "MB/s", "window", "busy us/dv", "bound MB/s", "ratio", "CPU us/dv",
                "CPU bound", "+-10%"));
        for (Line l : lines) {
            sb.append(String.format(Locale.ROOT, "%-10s %6d %-4d %-8s %4d %9.1f %9.1f %11.2f %10.1f %6.2f %11.2f %10.1f %7s%n",
                    l.pattern(), l.blockSize(), l.cpuThreads(), l.policy(), l.jobs(), l.mbPerS(), l.windowMbPerS(),
                    l.busyNsPerDataVio() / 1e3, l.boundMbPerS(), l.ratio(), l.cpuNsPerDataVio() / 1e3,
                    l.cpuBoundMbPerS(), l.withinTolerance()));
        }
        sb.append("MB/s: JMH's score; window: the measured part's data_vios over its time (the side file's);\n"
                + "ratio = MB/s / bound: about 1 when one cpu thread limits the writes (cpu 1), up to the cpu count with more;\n"
                + "+-10% is checked at cpu 1 with 8 or more jobs. CPU us/dv counts time on a core only.\n");
        return sb.toString();
    }

    static String csv(List<Line> lines) {
        StringBuilder sb = new StringBuilder(
                "vdo_threads,cpu,pattern,block_size,jobs,policy,mb_per_s,window_mb_per_s,cpu_thread_busy_ns_per_data_vio,bound_mb_per_s,"
                        + "ratio,cpu_thread_cpu_ns_per_data_vio,cpu_bound_mb_per_s,within_10pct\n");
        for (Line l : lines) {
            sb.append(String.format(Locale.ROOT, "\"%s\",%d,%s,%d,%d,%s,%.3f,%.3f,%.1f,%.3f,%.4f,%.1f,%.3f,%s%n",
                    l.vdoThreads(), l.cpuThreads(), l.pattern(), l.blockSize(), l.jobs(), l.policy(), l.mbPerS(),
                    l.windowMbPerS(), l.busyNsPerDataVio(),
                    l.boundMbPerS(), l.ratio(), l.cpuNsPerDataVio(), l.cpuBoundMbPerS(), l.withinTolerance()));
        }
        return sb.toString();
    }
}
