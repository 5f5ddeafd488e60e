package io.vdobench.bench;

import io.vdobench.jmh.JmhJson;
import io.vdobench.stats.Median;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Divides CodecBench's MB/s (JMH JSON) by the C reference bench's (cbench CSV) for the same library, block
 * size, direction and corpus, and prints a markdown table. With {@code --pairs}, each JMH pass is divided by
 * the C pass run next to it (native/bench/ffm-vs-c.sh interleaves C J J C ...), and every cell gets the ratio
 * with a 95 % interval over the pairs and whether it is at least 0.95 of C with confidence.
 * Usage: see {@link #main}.
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

        String cell() {
            return id + "/" + block + "/" + direction;
        }
    }

    static List<Row> rows(List<JmhJson.Result> jmh, List<List<String>> cbenchCsvs) {
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
        for (JmhJson.Result r : jmh) {
            String direction = r.method();
            if (r.param("codec") == null || r.param("blockSize") == null) {
                continue;
            }
            String id = CodecIds.fromJmh(r.param("codec"));
            int block = Integer.parseInt(r.param("blockSize"));
            Optional<String> peer = cPeer(id);
            JmhJson.Metric mb = r.secondary().get("uncompressedMB");
            if (peer.isEmpty() || mb == null) {
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

    /** What the interval says about a cell against the 0.95 target. */
    enum Verdict {
        AT_LEAST("≥ 0.95"), BELOW("< 0.95"), CANNOT_TELL("cannot tell");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** The target every FFM backend is held to: at least 0.95 of C. */
    static final double TARGET = 0.95;

    /**
     * One cell (codec, block, direction) over n pairs of neighbouring C and JVM passes. The ratio is the geometric
     * mean of the pairs' JVM/C ratios; the interval is a 95 % t interval on the mean log ratio, exponentiated:
     * the same statistic as the speed gate's {@code SpeedGate.Paired} (reports), which bench cannot call (reports is
     * not one of its dependencies). Drift of the machine hits both passes of a pair and cancels in their ratio; the
     * interval spans the spread between pairs. One pair has no interval.
     */
    record PairedCell(Row first, double[] jvm, double[] c, double ratio, double low, double high) {
        static PairedCell of(List<Row> pairs) {
            int n = pairs.size();
            double[] d = pairs.stream().mapToDouble(r -> Math.log(r.ratio())).toArray();
            double mean = Arrays.stream(d).average().orElseThrow();
            double low = Double.NaN;
            double high = Double.NaN;
            if (n > 1) {
                double sd = Math.sqrt(Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
                double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
                low = Math.exp(mean - half);
                high = Math.exp(mean + half);
            }
            return new PairedCell(pairs.get(0), pairs.stream().mapToDouble(Row::ffm).toArray(),
                    pairs.stream().mapToDouble(Row::c).toArray(), Math.exp(mean), low, high);
        }

        /** ≥ 0.95 with confidence: the whole interval at or above it; below with confidence: all of it under. */
        Verdict verdict() {
            if (low >= TARGET) {
                return Verdict.AT_LEAST;
            }
            return high < TARGET ? Verdict.BELOW : Verdict.CANNOT_TELL;
        }

        int pairs() {
            return jvm.length;
        }
    }

    /** Cells in first-pass order, each over the passes that measured it. */
    static List<PairedCell> paired(List<List<Row>> passes) {
        Map<String, List<Row>> byCell = new LinkedHashMap<>();
        for (List<Row> pass : passes) {
            for (Row r : pass) {
                byCell.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r);
            }
        }
        return byCell.values().stream().map(PairedCell::of).toList();
    }

    /** Median of the per-iteration values, or the score when JMH kept no raw data. */
    static double median(JmhJson.Metric metric) {
        double[] v = metric.samples();
        return v.length == 0 ? metric.score() : Median.of(v);
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

    /** The paired table: per cell the ratio, its 95 % interval over the pairs and the verdict against 0.95. */
    static String markdownPaired(List<PairedCell> cells) {
        StringBuilder sb = new StringBuilder("| codec (FFM/JNI/Java) | C peer | block | direction | pairs | JVM MB/s"
                + " | C MB/s | JVM/C | 95 % interval | vs 0.95 |\n");
        sb.append("|---|---|---:|---|---:|---:|---:|---:|---|---|\n");
        for (PairedCell cell : cells) {
            Row r = cell.first();
            String interval = cell.pairs() < 2 ? "n/a (1 pair)"
                    : String.format(Locale.ROOT, "[%.2f, %.2f]", cell.low(), cell.high());
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %s | %d | %.0f | %.0f | **%.2f** | %s | %s |%n",
                    r.id(), r.peer(), r.block(), r.direction(), cell.pairs(), Median.of(cell.jvm()), Median.of(cell.c()),
                    cell.ratio(), interval, cell.verdict().text));
        }
        Map<Verdict, List<String>> by = new LinkedHashMap<>();
        for (PairedCell cell : cells) {
            by.computeIfAbsent(cell.verdict(), k -> new ArrayList<>())
                    .add(cell.first().id() + " " + cell.first().block() + " " + cell.first().direction());
        }
        for (Verdict v : Verdict.values()) {
            List<String> which = by.getOrDefault(v, List.of());
            sb.append(String.format(Locale.ROOT, "%n%s with 95 %% confidence: %d cell%s%s", v == Verdict.CANNOT_TELL
                    ? "Cannot be told from 0.95" : v.text, which.size(), which.size() == 1 ? "" : "s",
                    which.isEmpty() ? "" : " (" + String.join("; ", which) + ")"));
        }
        return sb.append('\n').toString();
    }

    /**
     * {@code FfmVsC JMH_JSON CBENCH_CSV...}: one JMH pass against the mean of the C passes (the old single-pass
     * table). {@code FfmVsC --pairs JMH_JSON CBENCH_CSV[,CBENCH_CSV...] [JMH_JSON CBENCH_CSVS]...}: each JMH pass
     * with the C pass run next to it (one CSV per block size, comma-joined), the paired table.
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("--pairs") && args.length % 2 == 1) {
            List<List<Row>> passes = new ArrayList<>();
            for (int i = 1; i < args.length; i += 2) {
                List<List<String>> csvs = new ArrayList<>();
                for (String f : args[i + 1].split(",")) {
                    csvs.add(Files.readAllLines(Path.of(f)));
                }
                passes.add(rows(JmhJson.read(Path.of(args[i])), csvs));
            }
            System.out.print(markdownPaired(paired(passes)));
            return;
        }
        if (args.length < 2 || args[0].equals("--pairs")) {
            System.err.println("usage: FfmVsC JMH_JSON CBENCH_CSV...  or  FfmVsC --pairs JMH_JSON CBENCH_CSV[,CSV...]"
                    + " [JMH_JSON CBENCH_CSV[,CSV...]]...");
            System.exit(2);
        }
        List<JmhJson.Result> jmh = JmhJson.read(Path.of(args[0]));
        List<List<String>> csvs = new ArrayList<>();
        for (String f : Arrays.copyOfRange(args, 1, args.length)) {
            csvs.add(Files.readAllLines(Path.of(f)));
        }
        System.out.print(markdown(rows(jmh, csvs)));
    }
}
