package io.vdobench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a {@link WritePathCostBench} JMH JSON and prints the pipeline's efficiency: the write rate over
 * the rate implied by one MurmurHash3 plus one LZ4 compress per block (all three from the same run).
 * Usage: {@code PipelineCost JMH_JSON}.
 */
public final class PipelineCost {
    private PipelineCost() {
    }

    /** writes/s ÷ (1 / (1/murmur + 1/lz4)). */
    static double efficiency(double write, double murmur, double lz4) {
        return write * (1 / murmur + 1 / lz4);
    }

    public static void main(String[] args) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        double write = Double.NaN;
        double murmur = Double.NaN;
        double lz4 = Double.NaN;
        for (JsonNode r : root) {
            String b = r.get("benchmark").asText();
            double median = FfmVsC.median(r.get("primaryMetric"));
            if (b.endsWith(".writeBlock")) {
                write = median;
            } else if (b.endsWith(".murmur3")) {
                murmur = median;
            } else if (b.endsWith(".lz4Compress")) {
                lz4 = median;
            }
        }
        if (Double.isNaN(write) || Double.isNaN(murmur) || Double.isNaN(lz4)) {
            System.err.println("PipelineCost: the JSON lacks writeBlock, murmur3 or lz4Compress");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "| step | blocks/s (median) |%n|---|---:|%n| MurmurHash3 x64_128 | %.0f |%n"
                + "| LZ4 compress | %.0f |%n| implied by both | %.0f |%n| pipeline write (4 KiB, 1 job) | %.0f |%n%n"
                + "efficiency = %.2f%n", murmur, lz4, 1 / (1 / murmur + 1 / lz4), write, efficiency(write, murmur, lz4));
    }
}
