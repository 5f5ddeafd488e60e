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
    void aBenchmarkMissingFromTheCurrentRunIsMissingAndANewOneIsNew() {
        SpeedGate.Report r = gate.compare(List.of(result("a", "ops/s", 1, 0.01, 10, 1)),
                List.of(result("b", "ops/s", 1, 0.01, 10, 1)), null);
        assertEquals(List.of(Verdict.MISSING, Verdict.NEW), r.comparisons().stream().map(Comparison::verdict).toList());
        assertTrue(r.anyMissing());
    }

    // --- fork means as the unit of replication ---

    private final SpeedGate forkGate = new SpeedGate(new GateSettings(0.01, 0.05, 1.0, 0.10, 6,
            GateSettings.Replication.FORK));

    /**
     * {@code forks} forks of {@code iterations} iterations: each fork has its own level (JIT, code layout:
     * CV {@code forkCv} around {@code mean}) and tight iterations around it (CV {@code iterCv}).
     */
    static JmhResult forked(String name, double mean, double forkCv, double iterCv, int forks, int iterations, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] samples = new double[forks * iterations];
        double[] means = new double[forks];
        for (int f = 0; f < forks; f++) {
            double level = mean * (1 + forkCv * gaussian(r));
            double sum = 0;
            for (int i = 0; i < iterations; i++) {
                samples[f * iterations + i] = level * (1 + iterCv * gaussian(r));
                sum += samples[f * iterations + i];
            }
            means[f] = sum / iterations;
        }
        double avg = java.util.Arrays.stream(samples).average().orElseThrow();
        return new JmhResult("io.vdobench.bench.X." + name, "thrpt", Map.of(), avg, avg * 0.01, "ops/s", samples, means);
    }

    @Test
    void forkLevelNoiseFoolsTheIterationTestButNotTheForkTest() {
        // The same code in two sets of JVMs: fork levels differ by 3 %, iterations within a fork by 0.5 %.
        // Iterations are not independent, so the per-iteration test sees "significant" differences that are
        // only which JVMs each side happened to get; compared fork by fork, they are noise.
        SpeedGate iterGate = new SpeedGate(new GateSettings(0.01, 0.0, 0.0, 0.5, 6));
        SpeedGate forkNoFloor = new SpeedGate(new GateSettings(0.01, 0.0, 0.0, 0.5, 6, GateSettings.Replication.FORK));
        int iterFlags = 0;
        int forkFlags = 0;
        for (int seed = 0; seed < 40; seed++) {
            List<JmhResult> a = List.of(forked("a", 1000, 0.03, 0.005, 6, 10, 100 + seed));
            List<JmhResult> b = List.of(forked("a", 1000, 0.03, 0.005, 6, 10, 900 + seed));
            iterFlags += only(iterGate.compare(a, b, null)).verdict() == Verdict.PASS ? 0 : 1;
            forkFlags += only(forkNoFloor.compare(a, b, null)).verdict() == Verdict.PASS ? 0 : 1;
        }
        assertTrue(iterFlags >= 20, "iterations as samples should be fooled often: " + iterFlags + "/40");
        assertTrue(forkFlags <= 1, "fork means: false alarms " + forkFlags + "/40");
    }

    @Test
    void forkGateFlagsATenPercentSlowdownAndPassesAnUnchangedBuild() {
        int caught = 0;
        int falseAlarms = 0;
        for (int seed = 0; seed < 40; seed++) {
            List<JmhResult> a = List.of(forked("a", 1000, 0.02, 0.03, 6, 4, 100 + seed));
            List<JmhResult> same = List.of(forked("a", 1000, 0.02, 0.03, 6, 4, 500 + seed));
            List<JmhResult> slow = List.of(forked("a", 900, 0.02, 0.03, 6, 4, 900 + seed));
            caught += forkGate.compare(a, slow, null).regressed() ? 1 : 0;
            falseAlarms += forkGate.compare(a, same, null).regressed() ? 1 : 0;
        }
        assertTrue(caught >= 38, "10 % slowdowns caught: " + caught + "/40");
        assertTrue(falseAlarms <= 1, "false alarms: " + falseAlarms + "/40");
    }

    @Test
    void forkGateJudgesTooFewOrTooNoisyForksInvalid() {
        List<JmhResult> a = List.of(forked("a", 1000, 0.02, 0.03, 6, 4, 1));
        Comparison few = only(forkGate.compare(a, List.of(forked("a", 1000, 0.02, 0.03, 4, 4, 2)), null));
        assertEquals(Verdict.INVALID, few.verdict());
        assertTrue(few.reason().contains("4 forks"), few.reason());
        Comparison noisy = only(forkGate.compare(a, List.of(forked("a", 1000, 0.25, 0.03, 6, 4, 3)), null));
        assertEquals(Verdict.INVALID, noisy.verdict());
        assertTrue(noisy.reason().contains("too noisy"), noisy.reason());
    }

    @Test
    void pairedConfirmationIsJudgedAgainstItsOwnBaseline() {
        List<JmhResult> a = List.of(forked("a", 1000, 0.02, 0.03, 6, 4, 1));
        List<JmhResult> slow = List.of(forked("a", 880, 0.02, 0.03, 6, 4, 2));
        // The machine got 12 % slower for the confirmation rounds, for both sides: still a regression,
        // because the confirmation's B is judged against the confirmation's A.
        List<JmhResult> a2 = List.of(forked("a", 880, 0.02, 0.03, 6, 4, 3));
        List<JmhResult> slow2 = List.of(forked("a", 775, 0.02, 0.03, 6, 4, 4));
        assertEquals(Verdict.REGRESSION, only(forkGate.compare(a, slow, a2, slow2)).verdict());
        // And a first look that the paired rerun does not reproduce is UNCONFIRMED.
        List<JmhResult> same2 = List.of(forked("a", 880, 0.02, 0.03, 6, 4, 5));
        assertEquals(Verdict.UNCONFIRMED, only(forkGate.compare(a, slow, a2, same2)).verdict());
    }

    @Test
    void readsJmhJsonIncludingNaNStrings() throws Exception {
        Path f = Path.of(getClass().getResource("/gate/sample-jmh.json").toURI());
        List<JmhResult> rs = JmhResult.read(f);
        assertEquals(2, rs.size());
        JmhResult a = rs.get(0);
        assertEquals("io.vdobench.bench.CodecBench.compress {blockSize=4096,codec=lz4:impl=jni}", a.key());
        assertEquals(10, a.samples().length);
        assertEquals(2, a.forkMeans().length, "one mean per fork of rawData");
        assertEquals(java.util.Arrays.stream(a.samples()).average().orElseThrow(),
                (a.forkMeans()[0] + a.forkMeans()[1]) / 2, 1e-9);
        assertEquals(+1, a.direction());
        assertTrue(Double.isNaN(rs.get(1).scoreError()));
        assertEquals(-1, rs.get(1).direction());
        assertThrows(GateInputException.class, () -> JmhResult.directionOf("widgets"));
    }

    // --- pairs of forks run next to each other ---

    /**
     * {@code pairs} A/B fork pairs: each pair shares what the machine did during it (CV {@code machineCv}
     * around 1000), each fork adds its own noise (CV {@code forkCv}); B is {@code factor} times A.
     */
    static List<List<JmhResult>> pairs(double factor, double machineCv, double forkCv, int pairs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double level = 1000 * (1 + machineCv * gaussian(r));
            a[i] = level * (1 + forkCv * gaussian(r));
            b[i] = factor * level * (1 + forkCv * gaussian(r));
        }
        return List.of(List.of(new JmhResult("io.vdobench.bench.X.a", "thrpt", Map.of(), 1000, 10, "ops/s", a, a)),
                List.of(new JmhResult("io.vdobench.bench.X.a", "thrpt", Map.of(), 1000, 10, "ops/s", b, b)));
    }

    @Test
    void pairingCancelsWhatTheMachineDidToBothForksOfAPair() {
        SpeedGate paired = new SpeedGate(new GateSettings(0.01, 0.05, 0, 0.25, 8, GateSettings.Replication.PAIR));
        SpeedGate unpaired = new SpeedGate(new GateSettings(0.01, 0.05, 0, 0.25, 8, GateSettings.Replication.FORK));
        int caughtPaired = 0;
        int caughtUnpaired = 0;
        int falseAlarms = 0;
        for (int seed = 0; seed < 40; seed++) {
            // The machine swings by 10 % between pairs; a fork adds 2 %: a 10 % slowdown hides in the swing
            // unless each B is compared with the A next to it.
            List<List<JmhResult>> slow = pairs(0.90, 0.10, 0.02, 8, 100 + seed);
            caughtPaired += paired.compare(slow.get(0), slow.get(1), null).regressed() ? 1 : 0;
            caughtUnpaired += unpaired.compare(slow.get(0), slow.get(1), null).regressed() ? 1 : 0;
            List<List<JmhResult>> same = pairs(1.0, 0.10, 0.02, 8, 900 + seed);
            falseAlarms += paired.compare(same.get(0), same.get(1), null).regressed() ? 1 : 0;
        }
        assertTrue(caughtPaired >= 38, "paired: 10 % slowdowns caught " + caughtPaired + "/40");
        assertTrue(caughtUnpaired <= 30, "unpaired should miss many: " + caughtUnpaired + "/40");
        assertTrue(falseAlarms <= 1, "paired false alarms " + falseAlarms + "/40");
    }

    @Test
    void pairedChangeIntervalAndUnevenForks() {
        SpeedGate paired = new SpeedGate(new GateSettings(0.01, 0.05, 0, 0.25, 8, GateSettings.Replication.PAIR));
        List<List<JmhResult>> slow = pairs(0.80, 0.05, 0.01, 8, 7);
        Comparison c = only(paired.compare(slow.get(0), slow.get(1), null));
        assertEquals(Verdict.REGRESSION, c.verdict(), c.reason());
        assertEquals(-0.20, c.change(), 0.02);
        assertTrue(c.changeLow() < c.change() && c.change() < c.changeHigh() && c.changeHigh() < -0.15,
                c.changeLow() + " " + c.changeHigh());
        JmhResult seven = forked("a", 1000, 0.02, 0.01, 9, 4, 3);
        JmhResult eight = forked("a", 1000, 0.02, 0.01, 8, 4, 4);
        Comparison uneven = only(paired.compare(List.of(eight), List.of(seven), null)); // 8 against 9
        assertEquals(Verdict.INVALID, uneven.verdict());
        assertTrue(uneven.reason().contains("as many forks"), uneven.reason());
    }

    @Test
    void aPairedRerunConfirmsOnAllPairsAndKeepsFalseAlarmsRare() {
        SpeedGate paired = new SpeedGate(new GateSettings(0.01, 0.05, 0, 0.25, 8, GateSettings.Replication.PAIR));
        int caught = 0;
        int falseAlarms = 0;
        for (int seed = 0; seed < 200; seed++) {
            // Pairs with 4 % noise a fork (a quiet spell on this VM): a 10 % slowdown shows on 8 pairs and on 16.
            List<List<JmhResult>> slow = pairs(0.90, 0.10, 0.04, 8, 1000 + seed);
            List<List<JmhResult>> slow2 = pairs(0.90, 0.10, 0.04, 8, 2000 + seed);
            caught += paired.compare(slow.get(0), slow.get(1), slow2.get(0), slow2.get(1)).regressed() ? 1 : 0;
            List<List<JmhResult>> same = pairs(1.0, 0.10, 0.04, 8, 3000 + seed);
            List<List<JmhResult>> same2 = pairs(1.0, 0.10, 0.04, 8, 4000 + seed);
            falseAlarms += paired.compare(same.get(0), same.get(1), same2.get(0), same2.get(1)).regressed() ? 1 : 0;
        }
        assertTrue(falseAlarms <= 2, "false alarms " + falseAlarms + "/200");
        assertTrue(caught >= 180, "10 % slowdowns caught " + caught + "/200");
        // A first look that the rerun contradicts is not confirmed.
        List<List<JmhResult>> first = pairs(0.85, 0.05, 0.02, 8, 5);
        List<List<JmhResult>> contrary = pairs(1.10, 0.05, 0.02, 8, 6);
        Comparison c = only(paired.compare(first.get(0), first.get(1), contrary.get(0), contrary.get(1)));
        assertEquals(Verdict.UNCONFIRMED, c.verdict(), c.reason());
    }

    @Test
    void aPairedFirstLookThatOnlyLeansWorseIsSuspectAndTheRerunDecides() {
        SpeedGate paired = new SpeedGate(new GateSettings(0.005, 0.05, 0, 0.25, 8, GateSettings.Replication.PAIR));
        int suspects = 0;
        int decidedSlow = 0;
        int aaSuspects = 0;
        int aaFlagged = 0;
        for (int seed = 0; seed < 200; seed++) {
            // 8 % noise a fork (11 % a pair, as recorded here): 8 pairs rarely prove a 10 % slowdown, but they lean; 16 more pairs decide.
            List<List<JmhResult>> slow = pairs(0.90, 0.10, 0.08, 8, 6000 + seed);
            List<List<JmhResult>> slow2 = pairs(0.90, 0.10, 0.08, 16, 7000 + seed);
            Verdict first = only(paired.compare(slow.get(0), slow.get(1), null)).verdict();
            suspects += first == Verdict.SUSPECT ? 1 : 0;
            decidedSlow += paired.compare(slow.get(0), slow.get(1), slow2.get(0), slow2.get(1)).regressed() ? 1 : 0;
            List<List<JmhResult>> same = pairs(1.0, 0.10, 0.08, 8, 8000 + seed);
            List<List<JmhResult>> same2 = pairs(1.0, 0.10, 0.08, 16, 9000 + seed);
            aaSuspects += only(paired.compare(same.get(0), same.get(1), null)).verdict() == Verdict.SUSPECT ? 1 : 0;
            Comparison c = only(paired.compare(same.get(0), same.get(1), same2.get(0), same2.get(1)));
            aaFlagged += c.verdict() == Verdict.REGRESSION ? 1 : 0;
            assertTrue(c.verdict() != Verdict.SUSPECT, "a rerun leaves nothing suspect: " + c.reason());
        }
        assertTrue(suspects >= 60, "a 10 % slowdown in 12 % noise leans worse on the first look: " + suspects + "/200");
        assertTrue(decidedSlow >= 180, "decided on 24 pairs: " + decidedSlow + "/200");
        assertTrue(aaSuspects <= 80, "unchanged code is rarely suspect: " + aaSuspects + "/200");
        assertTrue(aaFlagged <= 3, "the screen costs reruns, not false alarms: " + aaFlagged + "/200 (alpha 0.005)");
    }

    @Test
    void pairedTestIsOneSidedTowardTheRegression() {
        SpeedGate paired = new SpeedGate(new GateSettings(0.005, 0.05, 0, 0.25, 8, GateSettings.Replication.PAIR));
        List<List<JmhResult>> fast = pairs(1.20, 0.05, 0.02, 8, 11);
        Comparison better = only(paired.compare(fast.get(0), fast.get(1), null));
        assertEquals(Verdict.IMPROVED, better.verdict(), better.reason());
        assertTrue(better.reason().contains("one-sided"), better.reason());
        List<List<JmhResult>> slow = pairs(0.80, 0.05, 0.02, 8, 12);
        Comparison worse = only(paired.compare(slow.get(0), slow.get(1), null));
        assertEquals(Verdict.REGRESSION, worse.verdict(), worse.reason());
        assertTrue(worse.pValue() < 0.005 && worse.pValue() > 0, worse.reason());
        // A suspect the rerun has no data for cannot pass.
        List<List<JmhResult>> lean = pairs(0.93, 0.05, 0.08, 8, 13);
        Comparison s = only(paired.compare(lean.get(0), lean.get(1), null));
        if (s.verdict() == Verdict.SUSPECT) {
            List<JmhResult> other = List.of(forked("b", 1000, 0.02, 0.01, 8, 4, 14));
            assertEquals(Verdict.INVALID, paired.compare(lean.get(0), lean.get(1), other, other).comparisons().stream()
                    .filter(x -> x.key().equals(s.key())).findFirst().orElseThrow().verdict());
        }
    }
}
