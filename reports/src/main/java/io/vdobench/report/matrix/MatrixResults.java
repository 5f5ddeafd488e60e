package io.vdobench.report.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.ComparisonSummary;
import io.vdobench.fio.FioJob;
import io.vdobench.fio.FioJsonWriter;
import io.vdobench.fio.FioResult;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.IoStats;
import io.vdobench.fio.LatencyStats;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.PatternSummary;
import io.vdobench.fio.PolicyCodec;
import io.vdobench.jmh.JmhJson;
import io.vdobench.report.model.SummaryRow;
import io.vdobench.vdo.ThreadLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Joins the pipeline benches' JMH JSON ({@code PipelineBench}, one entry per case × policy) with
 * their side files ({@code sidecars/<key>.json}: volume statistics, executed path, latency) and turns
 * each pair into a {@code results.csv} row, a bandwidth result for the patch-style summary and a
 * fio-shaped JSON document. MB/s is JMH's ops/s × {@code blockSize} / 10^6.
 */
public final class MatrixResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One JMH result with its side file.
     *
     * @param matrixCase   the case (from params pattern, blockSize and JMH's threads)
     * @param policy       the policy param
     * @param opsPerS      JMH's primary score, I/Os per second
     * @param opsError     JMH's 99.9 % scoreError, NaN when JMH gave none
     * @param opsSamples   every measured iteration of every fork, ops/s
     * @param forkOps      each fork's mean, ops/s, in the order the forks ran (the unit of replication: the
     *                     i-th fork of B ran next to the i-th fork of A)
     * @param iterations   measurement iterations per fork
     * @param iterationMs  measurement time per iteration, ms
     * @param sidecar      the side file, or null when missing
     * @param jmh          the JMH entry itself
     */
    public record Row(MatrixCase matrixCase, String policy, double opsPerS, double opsError, double[] opsSamples,
                      double[] forkOps, int iterations, long iterationMs, JsonNode sidecar, JsonNode jmh) {
        public double mbPerS() {
            return opsPerS * matrixCase.blockSize() / 1e6;
        }
    }

    private MatrixResults() {
    }

    /** The side file name PipelineBench writes (see {@code io.vdobench.bench.Sidecar#key}). */
    public static String sidecarKey(String benchmark, String pattern, int blockSize, String policy, String regionMiB,
                                    int threads) {
        String method = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        return (method + "-" + pattern + "-" + blockSize + "-" + policy + "-r" + regionMiB + "-t" + threads)
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Reads JMH JSON files (each an array) and joins side files from {@code sidecarDir} (may be null).
     * Entries of the same case and policy (the interleaved forks of one case, each its own JMH run) are
     * pooled into one row, their forks in file order, which is the order they ran.
     *
     * @throws IllegalArgumentException on a result that is not a matrix case, lacks a param, or whose
     *                                  repeats disagree on their measurement settings
     */
    public static List<Row> load(List<Path> jmhJson, Path sidecarDir, Matrix matrix) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Path f : jmhJson) {
            for (JmhJson.Result r : JmhJson.read(f)) {
                Row row = row(r, sidecarDir, matrix, f.toString());
                rows.merge(row.policy() + ":" + row.matrixCase().id(), row, (a, b) -> pool(a, b, f.toString()));
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** Two runs of one case and policy as one row: forks and iterations together, score the mean of the forks. */
    static Row pool(Row a, Row b, String where) {
        if (a.iterations() != b.iterations() || a.iterationMs() != b.iterationMs()) {
            throw new IllegalArgumentException(where + ": runs of " + a.policy() + ":" + a.matrixCase().id()
                    + " differ in iterations (" + a.iterations() + " x " + a.iterationMs() + " ms vs " + b.iterations()
                    + " x " + b.iterationMs() + " ms): they cannot be pooled");
        }
        double[] forks = DoubleStream.concat(Arrays.stream(a.forkOps()), Arrays.stream(b.forkOps())).toArray();
        double[] samples = DoubleStream.concat(Arrays.stream(a.opsSamples()), Arrays.stream(b.opsSamples())).toArray();
        double mean = Arrays.stream(forks).average().orElse(Double.NaN);
        return new Row(a.matrixCase(), a.policy(), mean, forkError(forks), samples, forks, a.iterations(),
                a.iterationMs(), b.sidecar() != null ? b.sidecar() : a.sidecar(), a.jmh());
    }

    /** JMH's error convention (99.9 % t half-width) over fork means; NaN with one fork. */
    static double forkError(double[] forks) {
        int n = forks.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(forks).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(forks).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        return new TDistribution(n - 1).inverseCumulativeProbability(0.9995) * sd / Math.sqrt(n);
    }

    static Row row(JmhJson.Result r, Path sidecarDir, Matrix matrix, String where) throws IOException {
        String bench = r.benchmark();
        String pattern = param(r, "pattern", where);
        int bs = Math.toIntExact(MatrixCase.parseSize(param(r, "blockSize", where)));
        String policy = param(r, "policy", where);
        if (r.threads() < 1) {
            throw new IllegalArgumentException(where + ": " + bench + " lacks 'threads'");
        }
        int threads = r.threads();
        MatrixCase c = matrix.find(IoPattern.ofFio(pattern), bs, threads);
        if (c == null) {
            throw new IllegalArgumentException(where + ": " + pattern + " bs=" + bs + " threads=" + threads
                    + " is not a case of the matrix");
        }
        JmhJson.Metric pm = r.primary();
        if (!"ops/s".equals(pm.unit())) {
            throw new IllegalArgumentException(where + ": " + bench + " score unit is '" + pm.unit()
                    + "', expected ops/s (run with -tu s and mode thrpt)");
        }
        JsonNode sidecar = null;
        if (sidecarDir != null) {
            String region = r.param("regionMiB") == null ? "?" : r.param("regionMiB");
            Path sc = sidecarDir.resolve(sidecarKey(bench, pattern, bs, policy, region, threads) + ".json");
            if (Files.isRegularFile(sc)) {
                sidecar = MAPPER.readTree(sc.toFile());
            }
        }
        return new Row(c, policy, pm.score(), pm.scoreError(), pm.samples(), pm.forkMeans(),
                r.measurementIterations(), millis(r.measurementTime()), sidecar, r.node());
    }

    private static String param(JmhJson.Result r, String name, String where) {
        String v = r.param(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(where + ": " + r.benchmark() + " lacks @Param '" + name + "'");
        }
        return v;
    }

    /** JMH's time spelling ("1 s", "700 ms", "500 us") in milliseconds; 0 when unknown. */
    static long millis(String t) {
        String[] p = t.trim().split("\\s+");
        if (p.length != 2) {
            return 0;
        }
        double v = Double.parseDouble(p[0]);
        return switch (p[1]) {
            case "s" -> Math.round(v * 1000);
            case "ms" -> Math.round(v);
            case "us" -> Math.round(v / 1000);
            case "min" -> Math.round(v * 60_000);
            default -> 0;
        };
    }

    /**
     * The {@code results.csv} row (reports/SCHEMA.md); secondary columns empty when no side file exists. Its
     * samples are each fork's mean bandwidth, in the order the forks ran, so that PolicyComparison pairs each fork
     * of B with the fork of A run next to it. Iterations of one fork are not samples: they share the fork's JIT and
     * code layout.
     */
    public static CaseResult toCsvRow(Row r, String source) {
        JsonNode s = r.sidecar();
        double bs = r.matrixCase().blockSize();
        Map<String, Long> fallbacks = new TreeMap<>();
        String codec = "";
        String path = "unknown";
        double ratio = Double.NaN;
        double saving = Double.NaN;
        double fpp = Double.NaN;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double p999 = Double.NaN;
        if (s != null) {
            codec = s.path("codec").path("id").asText("");
            path = s.path("executed_path").asText("unknown");
            ratio = num(s.path("compression_ratio"));
            saving = num(s.path("space_saving_pct"));
            fpp = num(s.path("fragments_per_packed_block"));
            s.path("fallbacks").properties().forEach(e -> fallbacks.put(e.getKey(), e.getValue().asLong()));
            JsonNode pct = s.path("latency_ns").path("percentile");
            p50 = num(pct.path(LatencyStats.key(50))) / 1000;
            p99 = num(pct.path(LatencyStats.key(99))) / 1000;
            p999 = num(pct.path(LatencyStats.key(99.9))) / 1000;
        }
        return new CaseResult(r.matrixCase(), r.policy(), codec, path, r.mbPerS(), r.opsError() * bs / 1e6, r.opsPerS(), p50, p99, p999, ratio,
                saving, fpp, fallbacks, source).withThreads(measuredThreads(s)).withSamples(forkBandwidths(r));
    }

    /** Each thread's load over the measured part, from the side file's {@code measured.threads}. */
    static List<ThreadLoad> measuredThreads(JsonNode sidecar) {
        List<ThreadLoad> out = new ArrayList<>();
        if (sidecar != null) {
            for (JsonNode t : sidecar.path("measured").path("threads")) {
                out.add(new ThreadLoad(t.path("name").asText(""), num(t.path("busy_pct")), num(t.path("cpu_pct")),
                        num(t.path("queue_mean")),
                        t.path("queue_max").asInt(-1)));
            }
        }
        return out;
    }

    private static double num(JsonNode n) {
        return n.isNumber() || n.isTextual() ? n.asDouble(Double.NaN) : Double.NaN;
    }

    /** Each fork's mean bandwidth, bytes/s, in the order the forks ran (empty when JMH gave no fork). */
    static double[] forkBandwidths(Row r) {
        double bs = r.matrixCase().blockSize();
        return Arrays.stream(r.forkOps()).map(ops -> ops * bs).toArray();
    }

    /** What ran behind {@code policy} in these results.csv rows: their codec ids and executed paths. */
    public static PolicyCodec policyCodec(List<CaseResult> rows, String policy) {
        List<CaseResult> mine = rows.stream().filter(r -> r.policy().equals(policy)).toList();
        return PolicyCodec.of(policy, mine.stream().map(CaseResult::codec).toList(),
                mine.stream().map(CaseResult::executedPath).toList());
    }

    /** The comparison, saying what ran behind both of its policies in {@code rows}. */
    public static ComparisonSummary withCodecs(ComparisonSummary s, List<CaseResult> rows) {
        return s.withCodecs(policyCodec(rows, s.baseline()), policyCodec(rows, s.candidate()));
    }

    /** The reports module's {@code summary.csv} rows: one per I/O type, then {@code all}. */
    public static List<SummaryRow> summaryRows(ComparisonSummary s) {
        List<SummaryRow> out = new ArrayList<>();
        List<PatternSummary> rows = new ArrayList<>(s.patterns());
        rows.add(s.overall());
        for (PatternSummary p : rows) {
            var best = p.best();
            out.add(new SummaryRow(p.pattern() == null ? "all" : p.pattern().fioName(), s.baseline(), s.candidate(),
                    p.avgPct(), p.medianPct(), p.wins(), p.count(), best.matrixCase().label(),
                    best.baselineBw() / 1e6, best.candidateBw() / 1e6, best.changePct(), s.baselineCodec().codec(),
                    s.baselineCodec().executedPath(), s.candidateCodec().codec(), s.candidateCodec().executedPath()));
        }
        return out;
    }

    /**
     * The case in fio's JSON shape: one group-reported job named after the case, {@code job options}
     * carrying the matrix and generator parameters. I/O count is the latency histogram's N (every
     * measured I/O), runtime the measured iterations' nominal time; without a side file the counts
     * come from JMH's score.
     */
    public static FioResult toFio(Row r, long timestampMs) {
        MatrixCase c = r.matrixCase();
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("rw", c.pattern().fioName());
        opts.put("bs", Integer.toString(c.blockSize()));
        opts.put("numjobs", Integer.toString(c.numjobs()));
        opts.put("ioengine", "vdobench-pipeline-jmh");
        opts.put("iodepth", "1");
        opts.put("group_reporting", "1");
        opts.put("time_based", "1");
        JsonNode s = r.sidecar();
        // A side file holds the last fork's latencies (forks overwrite it), JMH's score all forks.
        long runtimeMs = (long) r.iterations() * r.iterationMs() * (s != null ? 1 : Math.max(1, forks(r)));
        opts.put("runtime", Long.toString(Math.max(1, runtimeMs / 1000)));
        if (s != null) {
            opts.put("size", s.path("region_mib").asText() + "m");
            opts.put("offset_increment", "(region/numjobs)");
            JsonNode g = s.path("generator");
            opts.put("buffer_compress_percentage", g.path("buffer_compress_percentage").asText("60"));
            opts.put("buffer_compress_chunk", g.path("buffer_compress_chunk").asText("512"));
            opts.put("refill_buffers", g.path("refill_buffers").asText("1"));
            opts.put("randseed", g.path("randseed").asText());
            opts.put("vdobench_generator", g.path("class").asText());
            opts.put("vdobench_policy", r.policy());
            opts.put("vdobench_codec", s.path("codec").path("id").asText());
            opts.put("vdobench_executed_path", s.path("executed_path").asText());
        }
        LatencyStats clat = LatencyStats.EMPTY;
        long ios;
        if (s != null && s.path("latency_ns").path("N").asLong() > 0) {
            JsonNode l = s.path("latency_ns");
            TreeMap<Double, Long> p = new TreeMap<>();
            l.path("percentile").properties().forEach(e -> p.put(Double.parseDouble(e.getKey()), e.getValue().asLong()));
            clat = new LatencyStats(l.path("min").asLong(), l.path("max").asLong(), l.path("mean").asDouble(),
                    l.path("stddev").asDouble(), l.path("N").asLong(), p);
            ios = clat.n();
        } else {
            ios = Math.round(r.opsPerS() * runtimeMs / 1000.0);
        }
        IoStats io = IoStats.of(ios * c.blockSize(), ios, runtimeMs, clat,
                new LatencyStats(clat.min(), clat.max(), clat.mean(), clat.stddev(), clat.n(), new TreeMap<>()));
        FioJob job = new FioJob(c.id(), 0, 0, opts, c.pattern().isWrite() ? IoStats.EMPTY : io,
                c.pattern().isWrite() ? io : IoStats.EMPTY, IoStats.EMPTY);
        return new FioResult("vdobench-jmh (fio-3.33 JSON shape)", timestampMs / 1000, timestampMs,
                new java.util.Date(timestampMs).toString(), Map.of(), List.of(job));
    }

    private static int forks(Row r) {
        return Math.max(r.forkOps().length, r.jmh().path("forks").asInt(1));
    }

    /** Writes {@code dir/fio/<case>-<policy>.json} for every row. */
    public static void writeFioJson(Path dir, List<Row> rows, long timestampMs) throws IOException {
        Path fio = dir.resolve("fio");
        Files.createDirectories(fio);
        for (Row r : rows) {
            String name = (r.matrixCase().id() + "-" + r.policy()).replaceAll("[^A-Za-z0-9._-]", "_");
            Files.writeString(fio.resolve(name + ".json"), FioJsonWriter.write(toFio(r, timestampMs)));
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
