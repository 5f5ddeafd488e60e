package io.vdobench.fio;

import io.vdobench.jmh.JmhJson;
import io.vdobench.jmh.JmhJsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Turns JMH's JSON result file ({@code -rf json}) into {@link CaseResult}s, so the same summary can
 * be computed from the pipeline benches as from fio. Each JMH entry is one (case, policy): the case
 * is found from the {@code params} named in {@link ParamNames}, the bandwidth from the primary (or
 * a named secondary) metric, converted to bytes/s by its {@code scoreUnit}; each fork's mean
 * ({@code rawData}) becomes a sample, in the order the forks ran. Reads through {@link JmhJson}.
 */
public final class JmhCaseResults {
    private JmhCaseResults() {
    }

    /**
     * Names of the JMH {@code @Param}s that carry the case and the policy.
     *
     * @param pattern   fio rw name ({@code write}, {@code randread} …) or the enum name
     * @param blockSize bytes or fio size ({@code 4096}, {@code 4k})
     * @param jobs      concurrent jobs; {@link #JMH_THREADS} takes JMH's own {@code threads} count instead
     *                  of a {@code @Param}
     * @param policy    policy name, e.g. {@code lz4}, {@code iaa}
     * @param metric    secondary metric holding the bandwidth, or null for the primary metric
     */
    public record ParamNames(String pattern, String blockSize, String jobs, String policy, String metric) {
        public ParamNames {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(blockSize, "blockSize");
            Objects.requireNonNull(jobs, "jobs");
            Objects.requireNonNull(policy, "policy");
        }

        /** Use as {@code jobs} when the benches set concurrency with {@code -t}/{@code @Threads}. */
        public static final String JMH_THREADS = "#threads";

        /** {@code pattern}, {@code blockSize}, {@code jobs}, {@code policy}, primary metric. */
        public static ParamNames defaults() {
            return new ParamNames("pattern", "blockSize", "jobs", "policy", null);
        }
    }

    public static List<CaseResult> parse(Path jmhJson, Matrix matrix, ParamNames names) throws IOException {
        try {
            return parse(Files.readString(jmhJson), matrix, names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(jmhJson + ": " + e.getMessage(), e);
        }
    }

    public static List<CaseResult> parse(String json, Matrix matrix, ParamNames names) {
        List<JmhJson.Result> results;
        try {
            results = JmhJson.parse(json, "JMH results");
        } catch (JmhJsonException e) {
            throw new IllegalArgumentException("not JMH JSON: " + e.getMessage(), e);
        }
        List<CaseResult> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JmhJson.Result r : results) {
            String bench = r.benchmark();
            MatrixCase c = identify(r, matrix, names);
            String policy = param(r, names.policy());
            if (!seen.add(policy + ":" + c.id())) {
                throw new IllegalArgumentException("two JMH results for " + policy + ":" + c.id());
            }
            JmhJson.Metric metric = names.metric() == null ? r.primary() : r.secondary().get(names.metric());
            if (metric == null) {
                throw new IllegalArgumentException(bench + ": no metric '" + names.metric() + "'");
            }
            double toBytes = bytesPerUnit(bench, metric.unit(), c.blockSize());
            // One sample per fork (the unit of replication): iterations inside a fork are not independent.
            double[] forks = java.util.Arrays.stream(metric.forkMeans()).map(v -> v * toBytes).toArray();
            out.add(forks.length >= 2 ? CaseResult.ofSamples(c, policy, forks)
                    : CaseResult.of(c, policy, metric.score() * toBytes));
        }
        return out;
    }

    static MatrixCase identify(JmhJson.Result r, Matrix matrix, ParamNames names) {
        String bench = r.benchmark();
        String p = param(r, names.pattern());
        IoPattern pattern;
        try {
            pattern = IoPattern.ofFio(p);
        } catch (IllegalArgumentException e) {
            pattern = IoPattern.valueOf(p.toUpperCase(Locale.ROOT));
        }
        int bs = Math.toIntExact(MatrixCase.parseSize(param(r, names.blockSize())));
        int jobs;
        if (ParamNames.JMH_THREADS.equals(names.jobs())) {
            if (r.threads() < 1) {
                throw new IllegalArgumentException(bench + ": JMH result lacks 'threads'");
            }
            jobs = r.threads();
        } else {
            jobs = Integer.parseInt(param(r, names.jobs()).trim());
        }
        MatrixCase c = matrix.find(pattern, bs, jobs);
        if (c == null) {
            throw new IllegalArgumentException(bench + ": " + pattern.fioName() + " bs=" + bs + " jobs=" + jobs
                    + " is not a case of the matrix");
        }
        return c;
    }

    private static String param(JmhJson.Result r, String name) {
        String v = r.param(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(r.benchmark() + ": JMH result lacks @Param '" + name + "'");
        }
        return v;
    }

    /** Bytes per score unit; operation-based units count one block per operation. */
    static double bytesPerUnit(String bench, String unit, int blockSize) {
        return switch (unit) {
            case "B/s" -> 1;
            case "KB/s" -> 1e3;
            case "MB/s" -> 1e6;
            case "GB/s" -> 1e9;
            case "KiB/s" -> 1024;
            case "MiB/s" -> 1024.0 * 1024;
            case "GiB/s" -> 1024.0 * 1024 * 1024;
            case "ops/s" -> blockSize;
            case "ops/ms" -> 1e3 * blockSize;
            case "ops/us" -> 1e6 * blockSize;
            default -> throw new IllegalArgumentException(bench + ": cannot turn score unit '" + unit
                    + "' into bandwidth (need a throughput unit such as MB/s or ops/s)");
        };
    }
}
