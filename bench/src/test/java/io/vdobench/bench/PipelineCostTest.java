package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.jmh.JmhJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineCostTest {
    private static String result(String bench, String footprint, double... raw) {
        StringBuilder r = new StringBuilder();
        for (double x : raw) {
            r.append(r.isEmpty() ? "" : ",").append(x);
        }
        return "{\"benchmark\":\"io.vdobench.bench.WritePathCostBench." + bench + "\",\"params\":{\"lz4\":\"default\","
                + "\"footprint\":\"" + footprint + "\"},\"primaryMetric\":{\"score\":0,\"rawData\":[[" + r + "]]}}";
    }

    @Test
    void efficiencyIsWriteOverTheRateImpliedByHashPlusCompressPerFootprint() throws Exception {
        String json = "[" + String.join(",", List.of(
                result("lz4Compress", "cache", 700, 800, 750),
                result("murmur3", "cache", 3000, 2900, 3100),
                result("writeBlock", "cache", 400, 500, 480),
                result("lz4Compress", "dram", 750),
                result("murmur3", "dram", 3000),
                result("writeBlock", "dram", 300))) + "]";
        Map<String, PipelineCost.Rates> m = PipelineCost.parse(JmhJson.parse(json, "test"));
        assertEquals(List.of("cache", "dram"), List.copyOf(m.keySet()));
        PipelineCost.Rates cache = m.get("cache");
        // medians: 750, 3000, 480; implied = 1 / (1/3000 + 1/750) = 600
        assertEquals(600, cache.implied(), 1e-9);
        assertEquals(0.8, cache.efficiency(), 1e-12);
        assertEquals(0.5, m.get("dram").efficiency(), 1e-12);
        String md = PipelineCost.markdown(m);
        assertTrue(md.contains("| cache | 3000 | 750 | 600 | 480 | **0.80** |"), md);
    }

    @Test
    void aFootprintMissingABenchmarkIsIncomplete() throws Exception {
        String json = "[" + result("writeBlock", "cache", 1) + "," + result("murmur3", "cache", 1) + "]";
        assertFalse(PipelineCost.parse(JmhJson.parse(json, "test")).get("cache").complete());
    }

    @Test
    void metadataOffRunsGetTheirOwnRows() throws Exception {
        String off = result("writeBlock", "cache", 600).replace("\"footprint\":\"cache\"",
                "\"footprint\":\"cache\",\"metadata\":\"off\"");
        String json = "[" + result("writeBlock", "cache", 500) + "," + off + "]";
        Map<String, PipelineCost.Rates> m = PipelineCost.parse(JmhJson.parse(json, "test"));
        assertEquals(List.of("cache", "cache (metadata off)"), List.copyOf(m.keySet()));
        assertEquals(500, m.get("cache").write, 1e-9);
        assertEquals(600, m.get("cache (metadata off)").write, 1e-9);
    }
}
