package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhCaseResultsTest {
    /** Two entries in JMH's -rf json shape: MB/s with 2 forks x 2 iterations, and ops/s without rawData. */
    static final String JMH = """
            [
              {
                "jmhVersion": "1.37", "benchmark": "io.vdobench.bench.PipelineBench.run", "mode": "thrpt",
                "threads": 16, "forks": 2,
                "params": {"pattern": "write", "blockSize": "65536", "jobs": "16", "policy": "lz4"},
                "primaryMetric": {"score": 1415.4, "scoreError": 10.0, "scoreUnit": "MB/s",
                  "rawData": [[1400.0, 1420.0], [1410.0, 1431.6]]},
                "secondaryMetrics": {}
              },
              {
                "jmhVersion": "1.37", "benchmark": "io.vdobench.bench.PipelineBench.run", "mode": "thrpt",
                "params": {"pattern": "WRITE", "blockSize": "64k", "jobs": "16", "policy": "iaa"},
                "primaryMetric": {"score": 22886.5, "scoreError": "NaN", "scoreUnit": "ops/s", "rawData": [[22886.5]]}
              }
            ]
            """;

    @Test
    void readsCasesPoliciesUnitsAndSamples() {
        List<CaseResult> r = JmhCaseResults.parse(JMH, Matrix.load(), JmhCaseResults.ParamNames.defaults());
        assertEquals(2, r.size());
        CaseResult lz4 = r.get(0);
        assertEquals("write-64k-16j", lz4.matrixCase().id());
        assertEquals("lz4", lz4.policy());
        // One sample per fork (its iterations' mean): iterations inside a fork are not independent.
        assertArrayEquals(new double[] {1410e6, 1420.8e6}, lz4.samples(), 1e-3);
        assertEquals(1415.4e6, lz4.bwBytes(), 1e-3);
        CaseResult iaa = r.get(1);
        assertEquals(22886.5 * 65536, iaa.bwBytes(), 1e-6); // ops/s x block size = 1499.9 MB/s
        assertEquals(0, iaa.samples().length);
        ComparisonSummary s = PolicyComparison.compare(r, "lz4", "iaa", List.of(lz4.matrixCase()));
        assertEquals("sequential write 64K 16 jobs: 1415.4 → 1499.9 MB/s, +5.97 %",
                ComparisonSummary.bestLine(s.pattern(IoPattern.WRITE).best(), BandwidthUnit.MB));
    }

    @Test
    void jobsFromJmhThreads() {
        var names = new JmhCaseResults.ParamNames("pattern", "blockSize", JmhCaseResults.ParamNames.JMH_THREADS,
                "policy", null);
        String one = JMH.substring(0, JMH.indexOf("},\n  {") + 1) + "]";
        List<CaseResult> r = JmhCaseResults.parse("[" + one.substring(one.indexOf('{')), Matrix.load(), names);
        assertEquals("write-64k-16j", r.get(0).matrixCase().id());
    }

    @Test
    void clearErrors() {
        var names = JmhCaseResults.ParamNames.defaults();
        Matrix m = Matrix.load();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhCaseResults.parse("{}", m, names))
                .getMessage().contains("array"));
        String noPolicy = JMH.replace("\"policy\": \"lz4\"", "\"x\": \"lz4\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhCaseResults.parse(noPolicy, m, names))
                .getMessage().contains("lacks @Param 'policy'"));
        String badUnit = JMH.replace("\"MB/s\"", "\"ns/op\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhCaseResults.parse(badUnit, m, names))
                .getMessage().contains("ns/op"));
        String twoJobs = JMH.replace("\"jobs\": \"16\", \"policy\": \"lz4\"", "\"jobs\": \"2\", \"policy\": \"lz4\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhCaseResults.parse(twoJobs, m, names))
                .getMessage().contains("not a case"));
        String dup = JMH.replace("\"policy\": \"iaa\"", "\"policy\": \"lz4\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhCaseResults.parse(dup, m, names))
                .getMessage().contains("two JMH results"));
    }
}
