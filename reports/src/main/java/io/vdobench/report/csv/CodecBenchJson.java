package io.vdobench.report.csv;

import io.vdobench.fio.MatrixCase;
import io.vdobench.jmh.JmhJson;
import io.vdobench.jmh.JmhJsonException;
import io.vdobench.report.model.CodecBenchRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads CodecBench's plain JMH JSON ({@code -rf json}) into {@link CodecBenchRow}s, the same numbers
 * {@code CodecBenchMain --summary} would have written: MB/s from the {@code uncompressedMB} secondary
 * result, ratio = uncompressedMB / compressedMB of the compress benchmark. Reads through {@link JmhJson}.
 */
public final class CodecBenchJson {
    public static final String FILE = "codec-bench.json";

    private CodecBenchJson() {
    }

    public static List<CodecBenchRow> read(Path file) {
        List<JmhJson.Result> results;
        try {
            results = JmhJson.read(file);
        } catch (JmhJsonException e) {
            throw new ReportInputException(file, e.getMessage(), e);
        }
        Map<String, double[]> byKey = new TreeMap<>();
        Map<String, String[]> parts = new TreeMap<>();
        for (JmhJson.Result r : results) {
            String bench = r.benchmark();
            boolean compress = bench.endsWith("CodecBench.compress");
            if (!compress && !bench.endsWith("CodecBench.decompress")) {
                continue; // other benchmarks in the same file are not codec rows
            }
            String codec = fromJmh(r.params().getOrDefault("codec", ""));
            String size = r.params().getOrDefault("blockSize", "");
            if (codec.isEmpty() || size.isEmpty()) {
                throw new ReportInputException(file, bench + " lacks the codec/blockSize params");
            }
            String data = r.params().getOrDefault("data", "unknown");
            String key = codec + "|" + size + "|" + data;
            parts.put(key, new String[] {codec, size, data});
            double[] v = byKey.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            JmhJson.Metric mb = r.secondary().get("uncompressedMB");
            if (mb == null) {
                throw new ReportInputException(file, bench + " " + key + " has no uncompressedMB secondary result");
            }
            if (compress) {
                v[0] = mb.score();
                v[1] = mb.scoreError();
                JmhJson.Metric cm = r.secondary().get("compressedMB");
                double c = cm == null ? Double.NaN : cm.score();
                v[4] = c > 0 ? v[0] / c : Double.NaN;
            } else {
                v[2] = mb.score();
                v[3] = mb.scoreError();
            }
        }
        List<CodecBenchRow> out = new ArrayList<>();
        byKey.forEach((k, v) -> {
            String[] p = parts.get(k);
            int blockSize = Math.toIntExact(MatrixCase.parseSize(p[1]));
            out.add(new CodecBenchRow(p[0], blockSize, p[2], v[0], v[1], v[2], v[3], v[4], ""));
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
}
