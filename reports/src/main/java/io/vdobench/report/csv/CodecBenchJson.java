package io.vdobench.report.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.report.model.CodecBenchRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads CodecBench's plain JMH JSON ({@code -rf json}) into {@link CodecBenchRow}s, the same numbers
 * {@code CodecBenchMain --summary} would have written: MB/s from the {@code uncompressedMB} secondary
 * result, ratio = uncompressedMB / compressedMB of the compress benchmark.
 */
public final class CodecBenchJson {
    public static final String FILE = "codec-bench.json";

    private CodecBenchJson() {
    }

    public static List<CodecBenchRow> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportInputException(file, "not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new ReportInputException(file, "not JMH JSON (expected a top-level array)");
        }
        Map<String, double[]> byKey = new TreeMap<>();
        Map<String, String[]> parts = new TreeMap<>();
        for (JsonNode r : root) {
            String bench = r.path("benchmark").asText("");
            boolean compress = bench.endsWith("CodecBench.compress");
            if (!compress && !bench.endsWith("CodecBench.decompress")) {
                continue; // other benchmarks in the same file are not codec rows
            }
            JsonNode p = r.path("params");
            String codec = fromJmh(p.path("codec").asText(""));
            String size = p.path("blockSize").asText("");
            if (codec.isEmpty() || size.isEmpty()) {
                throw new ReportInputException(file, bench + " lacks the codec/blockSize params");
            }
            String data = p.path("data").asText("unknown");
            String key = codec + "|" + size + "|" + data;
            parts.put(key, new String[] {codec, size, data});
            double[] v = byKey.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            JsonNode sec = r.path("secondaryMetrics");
            JsonNode mb = sec.path("uncompressedMB");
            if (mb.isMissingNode()) {
                throw new ReportInputException(file, bench + " " + key + " has no uncompressedMB secondary result");
            }
            if (compress) {
                v[0] = number(mb.path("score"));
                v[1] = number(mb.path("scoreError"));
                double c = number(sec.path("compressedMB").path("score"));
                v[4] = c > 0 ? v[0] / c : Double.NaN;
            } else {
                v[2] = number(mb.path("score"));
                v[3] = number(mb.path("scoreError"));
            }
        }
        List<CodecBenchRow> out = new ArrayList<>();
        byKey.forEach((k, v) -> {
            String[] p = parts.get(k);
            out.add(new CodecBenchRow(p[0], Units.parseBlockSize(p[1]), p[2], v[0], v[1], v[2], v[3], v[4], ""));
        });
        return out;
    }

    /** JMH's -p spelling {@code zlib:impl:jdk/level:6} back to the id {@code zlib:impl=jdk,level=6}. */
    static String fromJmh(String spelled) {
        int colon = spelled.indexOf(':');
        if (colon < 0 || spelled.indexOf('=') >= 0) {
            return spelled;
        }
        return spelled.substring(0, colon + 1) + spelled.substring(colon + 1).replace(':', '=').replace('/', ',');
    }

    private static double number(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
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
