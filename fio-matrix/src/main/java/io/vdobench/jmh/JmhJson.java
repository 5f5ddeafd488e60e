package io.vdobench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one reader of JMH's JSON result files ({@code -rf json}) in vdobench: the matrix summary, the
 * report, the speed gate and the fio-matrix CLI all read through it. It keeps what any of them needs:
 * the benchmark, mode, threads, forks and measurement settings, the {@code @Param}s, the primary and
 * every secondary metric with its per-fork {@code rawData}; JMH's string {@code "NaN"} (and a missing
 * value) reads as {@link Double#NaN}. A file that is not JMH JSON is one {@link JmhJsonException} line.
 */
public final class JmhJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {
    }

    /**
     * One metric of one benchmark.
     *
     * @param rawData each fork's measured iterations, forks in the order JMH ran them
     */
    public record Metric(double score, double scoreError, String unit, double[][] rawData) {
        /** Every iteration of every fork. */
        public double[] samples() {
            return Arrays.stream(rawData).flatMapToDouble(Arrays::stream).toArray();
        }

        /** The mean of each fork's iterations (the unit of replication), forks without iterations left out. */
        public double[] forkMeans() {
            return Arrays.stream(rawData).filter(f -> f.length > 0)
                    .mapToDouble(f -> Arrays.stream(f).average().orElseThrow()).toArray();
        }
    }

    /**
     * One benchmark result (one element of the file's array).
     *
     * @param params            {@code @Param} values, sorted by name
     * @param threads           JMH's thread count (0 when absent)
     * @param forks             forks JMH was asked for (0 when absent)
     * @param measurementTime   JMH's spelling, e.g. {@code "700 ms"}
     * @param secondary         secondary metrics by name, in file order
     * @param node              the element itself, for producers' extra fields
     */
    public record Result(String benchmark, String mode, int threads, int forks, int measurementIterations,
                         String measurementTime, Map<String, String> params, Metric primary,
                         Map<String, Metric> secondary, JsonNode node) {
        public Result {
            params = Collections.unmodifiableMap(new TreeMap<>(params));
            secondary = Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
        }

        /** The benchmark method's name after the class: {@code compress} of {@code ...CodecBench.compress}. */
        public String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        /** A {@code @Param}, or null. */
        public String param(String name) {
            return params.get(name);
        }
    }

    /** Every result of a JMH JSON file. */
    public static List<Result> read(Path file) {
        try {
            return of(MAPPER.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new JmhJsonException("cannot read JMH JSON " + file + ": " + oneLine(e));
        }
    }

    /** Every result of JMH JSON text; {@code where} names it in errors. */
    public static List<Result> parse(String json, String where) {
        try {
            return of(MAPPER.readTree(json), where);
        } catch (IOException e) {
            throw new JmhJsonException("not JMH JSON (" + where + "): " + oneLine(e));
        }
    }

    private static String oneLine(IOException e) {
        // Jackson's message carries a second " at [Source: ...]" line: one line is enough.
        String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return why == null ? e.getClass().getSimpleName() : why.lines().findFirst().orElse("");
    }

    static List<Result> of(JsonNode root, String where) {
        if (root == null || !root.isArray()) {
            throw new JmhJsonException(where + " is not JMH JSON (expected a top-level array of results)");
        }
        List<Result> out = new ArrayList<>();
        for (JsonNode r : root) {
            JsonNode pm = r.get("primaryMetric");
            if (pm == null || !pm.isObject() || !r.hasNonNull("benchmark")) {
                throw new JmhJsonException(where + ": an entry lacks benchmark/primaryMetric");
            }
            Map<String, String> params = new TreeMap<>();
            r.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Metric> secondary = new LinkedHashMap<>();
            r.path("secondaryMetrics").properties().forEach(e -> secondary.put(e.getKey(), metric(e.getValue())));
            out.add(new Result(r.get("benchmark").asText(), r.path("mode").asText(""), r.path("threads").asInt(0),
                    r.path("forks").asInt(0), r.path("measurementIterations").asInt(0),
                    r.path("measurementTime").asText(""), params, metric(pm), secondary, r));
        }
        return out;
    }

    private static Metric metric(JsonNode m) {
        List<double[]> forks = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {
            double[] f = new double[fork.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = number(fork.get(i));
            }
            forks.add(f);
        }
        return new Metric(number(m.get("score")), number(m.get("scoreError")), m.path("scoreUnit").asText(""),
                forks.toArray(double[][]::new));
    }

    /** A JSON number, or JMH's "NaN"/"Infinity" strings; anything else (or nothing) is NaN. */
    static double number(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
