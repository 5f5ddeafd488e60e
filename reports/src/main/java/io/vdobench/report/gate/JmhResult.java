package io.vdobench.report.gate;

import io.vdobench.jmh.JmhJson;
import io.vdobench.jmh.JmhJsonException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result from a plain JMH JSON file ({@code -rf json}): what the gate needs and no more.
 *
 * @param benchmark  fully qualified benchmark method
 * @param mode       thrpt, avgt, sample, ss
 * @param params     JMH {@code @Param} values, sorted by name
 * @param score      the primary score
 * @param scoreError JMH's 99.9 % half-width; {@link Double#NaN} when JMH wrote "NaN"
 * @param unit       the score unit, e.g. {@code ops/s}, {@code MB/s}, {@code us/op}
 * @param samples    every measurement iteration of every fork ({@code rawData} flattened)
 * @param forkMeans  the mean of each fork's iterations: the unit of replication when runs are compared
 *                   fork by fork (iterations of one fork share its JIT and code layout, so they are not
 *                   independent measurements)
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score,
                        double scoreError, String unit, double[] samples, double[] forkMeans) {

    /** A result whose samples all come from one fork. */
    public JmhResult(String benchmark, String mode, Map<String, String> params, double score, double scoreError,
                     String unit, double[] samples) {
        this(benchmark, mode, params, score, scoreError, unit, samples,
                samples.length == 0 ? new double[0] : new double[] {java.util.Arrays.stream(samples).average().orElseThrow()});
    }

    /** benchmark plus its parameters: what identifies "the same benchmark" across runs. */
    public String key() {
        if (params.isEmpty()) {
            return benchmark;
        }
        StringBuilder sb = new StringBuilder(benchmark).append(" {");
        params.forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    /** Short name: the class's simple name and the method, plus parameters. */
    public String shortKey() {
        String k = key();
        int paren = k.indexOf(" {");
        String head = paren < 0 ? k : k.substring(0, paren);
        String[] parts = head.split("\\.");
        String shortHead = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : head;
        return paren < 0 ? shortHead : shortHead + k.substring(paren);
    }

    /** +1 when a larger score is better (throughput units), -1 when smaller is better (time per op). */
    public int direction() {
        return directionOf(unit);
    }

    static int directionOf(String unit) {
        String u = unit.trim();
        if (u.endsWith("/op")) {
            return -1; // s/op, ms/op, us/op, ns/op: time per operation
        }
        if (u.contains("/")) {
            return +1; // ops/s, MB/s, ops/ms ...: work per time
        }
        throw new GateInputException("cannot tell the direction of unit '" + unit + "'");
    }

    /** Reads every result of a JMH JSON file (through the project's one reader, {@link JmhJson}). */
    public static List<JmhResult> read(Path file) {
        List<JmhJson.Result> results;
        try {
            results = JmhJson.read(file);
        } catch (JmhJsonException e) {
            throw new GateInputException(e.getMessage());
        }
        List<JmhResult> out = new ArrayList<>();
        for (JmhJson.Result r : results) {
            JmhJson.Metric pm = r.primary();
            out.add(new JmhResult(r.benchmark(), r.mode(), r.params(), pm.score(), pm.scoreError(), pm.unit(),
                    pm.samples(), pm.forkMeans()));
        }
        return out;
    }

    /**
     * Reads several runs of the same benchmarks and pools them: per benchmark, the iterations and the
     * forks of every run together, the mean as score, and the widest error of any run (so one noisy run
     * still makes the pooled result INVALID).
     */
    public static List<JmhResult> pool(List<Path> files) {
        if (files.size() == 1) {
            return read(files.get(0));
        }
        return poolRuns(files.stream().map(JmhResult::read).toList());
    }

    /** {@link #pool} of runs already read, in their order (so paired forks stay paired). */
    public static List<JmhResult> poolRuns(List<List<JmhResult>> runs) {
        java.util.Map<String, JmhResult> pooled = new java.util.LinkedHashMap<>();
        for (List<JmhResult> run : runs) {
            for (JmhResult r : run) {
                pooled.merge(r.key(), r, (a, b) -> {
                    double[] s = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(a.samples()),
                            java.util.Arrays.stream(b.samples())).toArray();
                    double mean = java.util.Arrays.stream(s).average().orElse(Double.NaN);
                    double err = Double.isNaN(a.scoreError()) || Double.isNaN(b.scoreError()) ? Double.NaN
                            : Math.max(Math.abs(a.scoreError() / a.score()), Math.abs(b.scoreError() / b.score())) * mean;
                    if (!a.unit().equals(b.unit())) {
                        throw new GateInputException("runs disagree on the unit of " + a.key());
                    }
                    double[] forks = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(a.forkMeans()),
                            java.util.Arrays.stream(b.forkMeans())).toArray();
                    return new JmhResult(a.benchmark(), a.mode(), a.params(), mean, err, a.unit(), s, forks);
                });
            }
        }
        return new ArrayList<>(pooled.values());
    }
}
