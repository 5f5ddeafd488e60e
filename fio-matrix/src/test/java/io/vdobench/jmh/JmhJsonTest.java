package io.vdobench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhJsonTest {
    static final String TWO_FORKS = """
            [{"jmhVersion":"1.37","benchmark":"io.vdobench.bench.CodecBench.compress","mode":"thrpt","threads":8,
              "forks":2,"measurementIterations":3,"measurementTime":"700 ms",
              "params":{"codec":"lz4:impl:ffm","blockSize":"4096"},
              "primaryMetric":{"score":2.0,"scoreError":"NaN","scoreUnit":"ops/s","rawData":[[1,2,3],[1,2,3]]},
              "secondaryMetrics":{"uncompressedMB":{"score":8.0,"scoreError":0.5,"scoreUnit":"ops/s",
                                                    "rawData":[[7,8,9],[6,8,10]]},
                                  "compressedMB":{"score":"NaN","scoreUnit":"ops/s","rawData":[]}}}]""";

    @Test
    void readsParamsMetricsForksAndNaN() {
        List<JmhJson.Result> rs = JmhJson.parse(TWO_FORKS, "test");
        assertEquals(1, rs.size());
        JmhJson.Result r = rs.get(0);
        assertEquals("compress", r.method());
        assertEquals(8, r.threads());
        assertEquals(2, r.forks());
        assertEquals(3, r.measurementIterations());
        assertEquals("700 ms", r.measurementTime());
        assertEquals("lz4:impl:ffm", r.param("codec"));
        assertEquals(List.of("blockSize", "codec"), List.copyOf(r.params().keySet()), "sorted by name");
        assertTrue(Double.isNaN(r.primary().scoreError()), "the string NaN");
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, r.primary().samples());
        assertArrayEquals(new double[] {2, 2}, r.primary().forkMeans());
        assertEquals(List.of("uncompressedMB", "compressedMB"), List.copyOf(r.secondary().keySet()));
        assertEquals(0.5, r.secondary().get("uncompressedMB").scoreError());
        assertArrayEquals(new double[] {8, 8}, r.secondary().get("uncompressedMB").forkMeans());
        assertTrue(Double.isNaN(r.secondary().get("compressedMB").score()));
        assertEquals(0, r.secondary().get("compressedMB").forkMeans().length);
    }

    @Test
    void whatIsNotJmhJsonIsOneLine() {
        for (String bad : List.of("{}", "[{\"benchmark\":\"x\"}]", "[1", "")) {
            JmhJsonException e = assertThrows(JmhJsonException.class, () -> JmhJson.parse(bad, "f.json"));
            assertTrue(e.getMessage().contains("f.json") && e.getMessage().lines().count() == 1, e.getMessage());
        }
    }
}
