package io.vdobench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Divides CodecBench's MB/s (JMH JSON) by the C reference bench's (cbench CSV) for the same library, block
 * size, direction and corpus, and prints a markdown table. Several cbench CSVs (passes before and after the
 * JMH run) are averaged, which cancels slow drift of a shared machine.
 * Usage: {@code FfmVsC JMH_JSON CBENCH_CSV...}
 */
public final class FfmVsC {
    private FfmVsC() {
    }

    /** The cbench (codec, level) doing the same work as a vdobench codec id, if there is one. */
    static Optional<String> cPeer(String id) {
        if (id.startsWith("lz4:")) {
            return Optional.of("lz4/default");
        }
        String level = param(id, "level");
        if (id.startsWith("isal:") || id.startsWith("libdeflate:")) {
            return Optional.of(id.substring(0, id.indexOf(':')) + "/" + level);
        }
        if (id.startsWith("zlib:impl=ffm,window=4k")) {
            return Optional.of("zlib4k/" + level);
        }
        if (id.startsWith("qpl:path=software") && "default".equals(level) && "on".equals(param(id, "verify"))
                && !id.contains("reset=none")) {
            return Optional.of("qpl-sw/" + param(id, "huffman"));
        }
        return Optional.empty();
    }

    private static String param(String id, String key) {
        for (String kv : id.substring(id.indexOf(':') + 1).split(",")) {
            if (kv.startsWith(key + "=")) {
                return kv.substring(key.length() + 1);
            }
        }
        return "";
    }

    record Row(String id, String peer, int block, String direction, double ffm, double c, int cPasses) {
        double ratio() {
            return ffm / c;
        }
    }

    static List<Row> rows(JsonNode jmh, List<List<String>> cbenchCsvs) {
        Map<String, List<Double>> c = new HashMap<>();
        for (List<String> csv : cbenchCsvs) {
            for (String line : csv) {
                String[] f = line.split(",", -1);
                if (f.length < 6 || f[0].equals("codec") || line.startsWith("#") || f[5].isEmpty()) {
                    continue;
                }
                c.computeIfAbsent(f[0] + "/" + f[1] + "/" + f[2] + "/" + f[3], k -> new ArrayList<>())
                        .add(Double.parseDouble(f[5]));
            }
        }
        List<Row> out = new ArrayList<>();
        for (JsonNode r : jmh) {
            String bench = r.get("benchmark").asText();
            String direction = bench.substring(bench.lastIndexOf('.') + 1);
            String id = CodecIds.fromJmh(r.get("params").get("codec").asText());
            int block = r.get("params").get("blockSize").asInt();
            Optional<String> peer = cPeer(id);
            JsonNode mb = r.path("secondaryMetrics").path("uncompressedMB");
            if (peer.isEmpty() || mb.isMissingNode()) {
                continue;
            }
            List<Double> cs = c.get(peer.get() + "/" + block + "/" + direction);
            if (cs == null) {
                continue;
            }
            double cMean = cs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            out.add(new Row(id, peer.get(), block, direction, median(mb), cMean, cs.size()));
        }
        return out;
    }

    /** Median of the per-iteration values, or the score when JMH kept no raw data. */
    static double median(JsonNode metric) {
        List<Double> v = new ArrayList<>();
        metric.path("rawData").forEach(fork -> fork.forEach(x -> v.add(x.asDouble())));
        if (v.isEmpty()) {
            return metric.get("score").asDouble();
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| codec (FFM/JNI/Java) | C peer | block | direction | JVM MB/s | C MB/s | JVM/C |\n");
        sb.append("|---|---|---:|---|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %s | %.0f | %.0f | **%.2f** |%n", r.id(), r.peer(),
                    r.block(), r.direction(), r.ffm(), r.c(), r.ratio()));
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: FfmVsC JMH_JSON CBENCH_CSV...");
            System.exit(2);
        }
        JsonNode jmh = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        List<List<String>> csvs = new ArrayList<>();
        for (String f : Arrays.copyOfRange(args, 1, args.length)) {
            csvs.add(Files.readAllLines(Path.of(f)));
        }
        System.out.print(markdown(rows(jmh, csvs)));
    }
}
