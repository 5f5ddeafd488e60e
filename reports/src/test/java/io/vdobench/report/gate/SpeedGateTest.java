package io.vdobench.report.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpeedGateTest {
    private final SpeedGate gate = new SpeedGate(GateSettings.defaults());

    /** A result with n iterations drawn from N(mean, (cv*mean)^2), with JMH-like error. */
    static JmhResult result(String name, String unit, double mean, double cv, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = mean * (1 + cv * gaussian(r));
        }
        double avg = java.util.Arrays.stream(s).average().orElseThrow();
        return new JmhResult("io.vdobench.bench.X." + name, "thrpt", Map.of("size", "4096"), avg, 3.3 * cv * avg / Math.sqrt(n), unit, s);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static Comparison only(SpeedGate.Report rep) {
        assertEquals(1, rep.comparisons().size());
        return rep.comparisons().get(0);
    }

    @Test
    void tenPercentSlowerThroughputIsARegression() {
        Comparison c = only(gate.compare(List.of(result("a", "MB/s", 1000, 0.02, 15, 1)),
                List.of(result("a", "MB/s", 900, 0.02, 15, 2)), null));
        assertEquals(Verdict.REGRESSION, c.verdict(), c.reason());
        assertTrue(c.changeHigh() < 0 && c.changeLow() > -0.2, c.changeLow() + " " + c.changeHigh());
    }

    @Test
    void longerTimePerOpIsARegressionAndShorterAnImprovement() {
        assertEquals(Verdict.REGRESSION, only(gate.compare(List.of(result("a", "us/op", 10, 0.02, 15, 1)),
                List.of(result("a", "us/op", 11.5, 0.02, 15, 2)), null)).verdict());
        assertEquals(Verdict.IMPROVED, only(gate.compare(List.of(result("a", "us/op", 10, 0.02, 15, 1)),
                List.of(result("a", "us/op", 8.5, 0.02, 15, 2)), null)).verdict());
    }

    @Test
    void sameDistributionPasses() {
        int flagged = 0;
        for (int seed = 0; seed < 40; seed++) {
            Comparison c = only(gate.compare(List.of(result("a", "ops/s", 1000, 0.03, 15, 100 + seed)),
                    List.of(result("a", "ops/s", 1000, 0.03, 15, 900 + seed)), null));
            if (c.verdict() != Verdict.PASS) {
                flagged++;
            }
        }
        assertTrue(flagged <= 1, "false alarms on identical distributions: " + flagged + "/40");
    }

    @Test
    void smallButSignificantShiftIsUnderTheFloor() {
        Comparison c = only(gate.compare(List.of(result("a", "ops/s", 1000, 0.002, 30, 1)),
                List.of(result("a", "ops/s", 985, 0.002, 30, 2)), null));
        assertEquals(Verdict.PASS, c.verdict(), c.reason());
        assertTrue(c.pValue() < 0.01, "the shift is significant, only small");
    }

    @Test
    void nanErrorOrTooFewSamplesOrWideErrorIsInvalid() {
        JmhResult ok = result("a", "ops/s", 1000, 0.02, 15, 1);
        JmhResult nan = new JmhResult(ok.benchmark(), "thrpt", ok.params(), 1000, Double.NaN, "ops/s", ok.samples());
        assertEquals(Verdict.INVALID, only(gate.compare(List.of(ok), List.of(nan), null)).verdict());
        JmhResult few = result("a", "ops/s", 1000, 0.02, 5, 2);
        assertEquals(Verdict.INVALID, only(gate.compare(List.of(ok), List.of(few), null)).verdict());
        JmhResult wide = new JmhResult(ok.benchmark(), "thrpt", ok.params(), 1000, 400, "ops/s", ok.samples());
        Comparison c = only(gate.compare(List.of(ok), List.of(wide), null));
        assertEquals(Verdict.INVALID, c.verdict());
        assertTrue(c.reason().contains("40%"), c.reason());
    }

    @Test
    void regressionNotReproducedByTheRerunIsUnconfirmed() {
        JmhResult base = result("a", "ops/s", 1000, 0.02, 15, 1);
        SpeedGate.Report r = gate.compare(List.of(base), List.of(result("a", "ops/s", 880, 0.02, 15, 2)),
                List.of(result("a", "ops/s", 1000, 0.02, 15, 3)));
        assertEquals(Verdict.UNCONFIRMED, only(r).verdict());
        assertTrue(!r.regressed());
        SpeedGate.Report r2 = gate.compare(List.of(base), List.of(result("a", "ops/s", 880, 0.02, 15, 2)),
                List.of(result("a", "ops/s", 885, 0.02, 15, 4)));
        assertEquals(Verdict.REGRESSION, only(r2).verdict());
    }

    @Test
    void calibrationCancelsASlowerMachine() {
        JmhResult calBase = new JmhResult(SpeedGate.CALIBRATION_PREFIX + "ruler", "thrpt", Map.of(), 500, 5, "ops/s",
                result("c", "ops/s", 500, 0.01, 15, 7).samples());
        JmhResult calCur = new JmhResult(SpeedGate.CALIBRATION_PREFIX + "ruler", "thrpt", Map.of(), 400, 4, "ops/s",
                result("c", "ops/s", 400, 0.01, 15, 8).samples());
        // The whole machine is 20 % slower today: raw scores regress, normalised ones do not.
        List<JmhResult> base = List.of(calBase, result("a", "ops/s", 1000, 0.02, 15, 1));
        List<JmhResult> cur = List.of(calCur, result("a", "ops/s", 800, 0.02, 15, 2));
        SpeedGate.Report r = gate.compare(base, cur, null);
        assertEquals(Verdict.PASS, only(r).verdict(), only(r).reason());
        assertEquals(1.25, r.normalisation(), 0.03);
        assertTrue(r.normalisationNote().contains("normalised"));
        SpeedGate.Report raw = gate.compare(List.of(base.get(1)), List.of(cur.get(1)), null);
        assertEquals(Verdict.REGRESSION, only(raw).verdict());
        assertTrue(raw.normalisationNote().contains("raw scores"));
    }

    @Test
    void missingBenchmarksAreReported() {
        SpeedGate.Report r = gate.compare(List.of(result("a", "ops/s", 1, 0.01, 10, 1)),
                List.of(result("b", "ops/s", 1, 0.01, 10, 1)), null);
        assertEquals(List.of(Verdict.MISSING, Verdict.MISSING), r.comparisons().stream().map(Comparison::verdict).toList());
    }

    @Test
    void readsJmhJsonIncludingNaNStrings() throws Exception {
        Path f = Path.of(getClass().getResource("/gate/sample-jmh.json").toURI());
        List<JmhResult> rs = JmhResult.read(f);
        assertEquals(2, rs.size());
        JmhResult a = rs.get(0);
        assertEquals("io.vdobench.bench.CodecBench.compress {blockSize=4096,codec=lz4:impl=jni}", a.key());
        assertEquals(10, a.samples().length);
        assertEquals(+1, a.direction());
        assertTrue(Double.isNaN(rs.get(1).scoreError()));
        assertEquals(-1, rs.get(1).direction());
        assertThrows(GateInputException.class, () -> JmhResult.directionOf("widgets"));
    }
}
