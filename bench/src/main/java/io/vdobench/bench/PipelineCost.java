package io.vdobench.bench;

import io.vdobench.jmh.JmhJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@link WritePathCostBench} JMH JSON and prints the pipeline's efficiency per footprint: the
 * write rate over the rate implied by one MurmurHash3 plus one LZ4 compress per block (all three from
 * the same run and footprint). Usage: {@code PipelineCost JMH_JSON}; exit 2 when a footprint lacks one
 * of the three.
 */
public final class PipelineCost {
    private PipelineCost() {
    }

    /** Medians (blocks/s) of one footprint's three benchmarks; NaN where absent. */
    static final class Rates {
        double write = Double.NaN;
        double murmur = Double.NaN;
        double lz4 = Double.NaN;

        boolean complete() {
            return !Double.isNaN(write) && !Double.isNaN(murmur) && !Double.isNaN(lz4);
        }

        double implied() {
            return 1 / (1 / murmur + 1 / lz4);
        }

        /** writes/s ÷ (1 / (1/murmur + 1/lz4)). */
        double efficiency() {
            return write / implied();
        }
    }

    /** Footprint → rates, in the order the JSON lists them. */
    static Map<String, Rates> parse(List<JmhJson.Result> results) {
        Map<String, Rates> byFootprint = new LinkedHashMap<>();
        for (JmhJson.Result r : results) {
            String footprint = r.params().getOrDefault("footprint", "dram");
            if ("off".equals(r.params().getOrDefault("metadata", "on"))) {
                footprint += " (metadata off)"; // -p metadata=on,off: each setting its own row
            }
            Rates rates = byFootprint.computeIfAbsent(footprint, k -> new Rates());
            double median = FfmVsC.median(r.primary());
            switch (r.method()) {
                case "writeBlock" -> rates.write = median;
                case "murmur3" -> rates.murmur = median;
                case "lz4Compress" -> rates.lz4 = median;
                default -> { }
            }
        }
        return byFootprint;
    }

    static String markdown(Map<String, Rates> byFootprint) {
        StringBuilder sb = new StringBuilder("| footprint | MurmurHash3 | LZ4 compress | implied by both | pipeline write"
                + " | efficiency |\n|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Rates> e : byFootprint.entrySet()) {
            Rates r = e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | **%.2f** |%n", e.getKey(), r.murmur,
                    r.lz4, r.implied(), r.write, r.efficiency()));
        }
        return sb.append("\nblocks/s, JMH medians; efficiency = write / implied\n").toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PipelineCost WritePathCostBench-JMH.json");
            System.exit(2);
        }
        Map<String, Rates> byFootprint = parse(JmhJson.read(Path.of(args[0])));
        for (Map.Entry<String, Rates> e : byFootprint.entrySet()) {
            if (!e.getValue().complete()) {
                System.err.println("PipelineCost: footprint " + e.getKey() + " lacks writeBlock, murmur3 or lz4Compress");
                System.exit(2);
            }
        }
        if (byFootprint.isEmpty()) {
            System.err.println("PipelineCost: no WritePathCostBench results in " + args[0]);
            System.exit(2);
        }
        System.out.print(markdown(byFootprint));
    }
}
