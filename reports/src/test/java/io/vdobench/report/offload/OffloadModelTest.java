package io.vdobench.report.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The equations of docs/OFFLOAD-MODEL.md §2 on cases computed by hand. */
class OffloadModelTest {
    private static final double MB = 4096 / 1e6; // MB/s per data_vio/s

    /**
     * 1000 data_vios in 0.1 s (10 000/s = 40.96 MB/s), 50 µs CPU each, of which compress 20 µs (its wall too)
     * and hash 2 µs; 2 host CPUs, nothing else running.
     */
    static StageCosts base(String pattern, int blockSize, int jobs, String execution) {
        StageCosts.Work codec = new StageCosts.Work(1000, 20_000, 20_000);
        boolean write = pattern.contains("write");
        return new StageCosts(pattern, blockSize, "iaa", jobs, execution, 1, 2, 1000, 100_000, 50_000, Double.NaN,
                new StageCosts.Work(1000, 2_000, 2_000), write ? codec : StageCosts.Work.NONE,
                new StageCosts.Work(1000, 500, 500), write ? StageCosts.Work.NONE : codec,
                new StageCosts.Work(1000, 100_000, 60_000));
    }

    static Device device(CompletionMode mode, double compressUs, double decompressUs, double submit, double complete,
                         int engines, int batch, boolean verify) {
        return new Device("t", "test", "", compressUs, 0, decompressUs, 0, submit, complete, engines, 64, mode, batch,
                verify);
    }

    static final double X0_MB = 10_000 * MB;

    @Test
    void syncInlineWriteShortensTheSubmittersCycle() {
        // R = 1 job / 10 000/s = 100 µs; Δ = 5 − 20 = −15 µs → 85 µs → 11 764.7/s; CPU 2/(50 − 20 + 5 µs) = 57 142.9/s
        var p = OffloadModel.predict(base("write", 4096, 1, "inline"), X0_MB,
                device(CompletionMode.SYNC, 5, 3, 0, 0, 1, 1, false));
        assertEquals(1e6 / 85 * MB, p.mbPerS(), 1e-9);
        assertEquals("jobs", p.bottleneck());
        assertEquals(2e6 / 35, p.cpuBound(), 1e-6);
        assertEquals(1e6 / 5, p.deviceBound(), 1e-6);
        assertEquals(35, p.cpuPerDataVioUs(), 1e-9);
    }

    @Test
    void asyncPaysSubmitAndCompletionOnCpuAndWaitsTheLatency() {
        // CPU per job 0.5 + 0.5 = 1 µs; Δ = 1 − 20 + 5 (wait) = −14 → 86 µs; CPU 2/(31 µs)
        var p = OffloadModel.predict(base("write", 4096, 1, "inline"), X0_MB,
                device(CompletionMode.ASYNC, 5, 3, 0.5, 0.5, 1, 1, false));
        assertEquals(1e6 / 86 * MB, p.mbPerS(), 1e-9);
        assertEquals(2e6 / 31, p.cpuBound(), 1e-6);
    }

    @Test
    void verifyAddsADeviceDecompressPerCompress() {
        // sync: CPU polls 5 + 3 µs; Δ = 8 − 20 → 88 µs; the engine is busy 8 µs per data_vio
        var p = OffloadModel.predict(base("write", 4096, 1, "inline"), X0_MB,
                device(CompletionMode.SYNC, 5, 3, 0, 0, 1, 1, true));
        assertEquals(1e6 / 88 * MB, p.mbPerS(), 1e-9);
        assertEquals(1e6 / 8, p.deviceBound(), 1e-6);
    }

    @Test
    void moreJobsThanEnginesMakeTheEnginesTheBottleneck() {
        // 16 jobs: R = 1600 µs; a 200 µs job: Δ = 180 → jobs 16/1780 µs = 8988.8/s, CPU 2/230 µs = 8695.7/s,
        // one engine 1/200 µs = 5000/s
        var p = OffloadModel.predict(base("write", 4096, 16, "inline"), X0_MB,
                device(CompletionMode.SYNC, 200, 3, 0, 0, 1, 1, false));
        assertEquals("engines", p.bottleneck());
        assertEquals(5000 * MB, p.mbPerS(), 1e-9);
        assertEquals(16e6 / 1780, p.jobsBound(), 1e-6);
        assertEquals(2e6 / 230, p.cpuBound(), 1e-6);
    }

    @Test
    void threadedWritesAreAcknowledgedBeforeCompressionSoOnlyTheCpuThreadsFeelTheDevice() {
        StageCosts b = base("write", 4096, 1, "threads");
        var fast = OffloadModel.predict(b, X0_MB, device(CompletionMode.SYNC, 5, 3, 0, 0, 1, 1, false));
        assertEquals(X0_MB, fast.mbPerS(), 1e-9, "Δ = 0: the measured cycle stays");
        // 300 µs sync: the one cpu thread needs 2 (hash) + 300 µs per data_vio
        var slow = OffloadModel.predict(b, X0_MB, device(CompletionMode.SYNC, 300, 3, 0, 0, 1, 1, false));
        assertEquals("cpu-threads", slow.bottleneck());
        assertEquals(1e6 / 302 * MB, slow.mbPerS(), 1e-9);
        assertEquals(2e6 / 330, slow.cpuBound(), 1e-6);
    }

    @Test
    void threadedReadsShareTheCpuThreadsAndTheEnginesPerBio() {
        // 16 KiB bio = 4 blocks, 1 cpu thread (4 waves: 1 per block), 8 engines (one wave: 1/4 per block);
        // async 2.47 µs, CPU 1 µs: Δ = (1 − 20) + 2.47/4 = −18.3825 µs on R = 100 µs
        var p = OffloadModel.predict(base("read", 16384, 1, "threads"), X0_MB,
                device(CompletionMode.ASYNC, 3.2, 2.47, 0.5, 0.5, 8, 1, false));
        assertEquals(1e6 / (100 - 19 + 2.47 / 4), p.jobsBound(), 1e-6);
        assertEquals(1e6 / 1, p.cpuThreadBound(), 1e-6, "reads: only the decompress CPU on the cpu thread");
    }

    @Test
    void aCpuSaturatedBaseScalesItsCycleWithTheCpuDemand() {
        // others took 1.5 of the 2 CPUs: 0.5 available, 0.5 used → saturated. async 5 µs, overhead 1 µs:
        // s' = 50 − 20 + 1 = 31 µs; R' = 100 × 31/50 + 5 (wait) = 67 µs → 14 925.4/s; CPU 0.5/31 µs = 16 129/s
        StageCosts b = base("write", 4096, 1, "inline");
        StageCosts busy = new StageCosts(b.pattern(), b.blockSize(), b.policy(), b.jobs(), b.execution(), 1, 2, 1000,
                100_000, 50_000, 200_000, b.hash(), b.compress(), b.pack(), b.decompress(), b.submitter());
        var p = OffloadModel.predict(busy, X0_MB, device(CompletionMode.ASYNC, 5, 3, 0.5, 0.5, 1, 1, false));
        assertEquals(1e6 / 67 * MB, p.mbPerS(), 1e-9);
        assertEquals("jobs (host-cpu-saturated base)", p.bottleneck());
        assertEquals(0.5e6 / 31, p.cpuBound(), 1e-6);
        // the same on a host that leaves 1 core instead of 0.5: the queueing halves, R' = 100 × 31/50 × 0.5 + 5
        var more = OffloadModel.predict(busy, X0_MB, device(CompletionMode.ASYNC, 5, 3, 0.5, 0.5, 1, 1, false), 1.0);
        assertEquals(1e6 / 36 * MB, more.mbPerS(), 1e-9);
        assertEquals(1e6 / 31, more.cpuBound(), 1e-6);
    }

    @Test
    void batchIsLimitedByWhatCanBeInFlight() {
        Device d = device(CompletionMode.BATCH, 3.2, 2.47, 0.5, 0.5, 8, 64, false);
        assertEquals(64, OffloadModel.effectiveBatch(d, base("write", 4096, 1, "threads"), true), "the pool waits");
        assertEquals(1, OffloadModel.effectiveBatch(d, base("write", 4096, 1, "inline"), true), "one block at a time");
        assertEquals(32, OffloadModel.effectiveBatch(d, base("read", 131072, 1, "threads"), false), "a 128 KiB bio");
        // inline 1 job: batch of 1 costs the full 1 µs and waits ceil(1/1) × 3.2 µs: Δ = 1 − 20 + 3.2
        var p = OffloadModel.predict(base("write", 4096, 1, "inline"), X0_MB, d);
        assertEquals(1e6 / (100 - 20 + 1 + 3.2) * MB, p.mbPerS(), 1e-9);
    }

    @Test
    void theBaseOwnCostsAsASyncDeviceReturnTheMeasuredBandwidth() {
        for (String exec : new String[] {"inline", "threads"}) {
            StageCosts b = base("write", 4096, 1, exec);
            var p = OffloadModel.predict(b, X0_MB, ModelRun.softwareDevice(b));
            assertEquals(X0_MB, p.mbPerS(), 1e-9, exec);
        }
    }

    @Test
    void breakEvenIsTheLatencyWhereThePredictionMeetsTheTarget() {
        // target 45 MB/s: R' = 4096/45 µs; sync Δ = L − 20 → L = 4096/45 − 100 + 20 = 11.0222 µs
        StageCosts b = base("write", 4096, 1, "inline");
        Device d = device(CompletionMode.SYNC, 5, 3, 0, 0, 1, 1, false);
        assertEquals(4096 / 45.0 - 80, OffloadModel.breakEvenLatencyUs(b, X0_MB, d, 45), 1e-3);
        assertTrue(Double.isNaN(OffloadModel.breakEvenLatencyUs(b, X0_MB, d, 1000)), "unreachable even with a free device");
        assertTrue(Double.isInfinite(OffloadModel.breakEvenLatencyUs(b, X0_MB, d, 0.001)));
    }

    @Test
    void availableCoresSubtractOtherProcesses() {
        // 2 CPUs, window 0.1 s; the host was busy 0.15 s of which 0.05 s ours: others took one core
        StageCosts b = base("write", 4096, 1, "inline");
        StageCosts busy = new StageCosts(b.pattern(), b.blockSize(), b.policy(), b.jobs(), b.execution(), 1, 2, 1000,
                100_000, 50_000, 150_000, b.hash(), b.compress(), b.pack(), b.decompress(), b.submitter());
        assertEquals(1.0, busy.availableCores(), 1e-12);
        assertEquals(2.0, b.availableCores(), 1e-12, "unknown host load: all CPUs");
        assertEquals(50 - 2 - 20 - 0.5, b.restPerDataVio(), 1e-12);
        assertEquals(40, b.waitPerDataVio(), 1e-12);
    }

    @Test
    void readsNeedADecompressCostAndBadBandwidthIsRefused() {
        Device noDecompress = new Device("c-only", "test", "", 3.2, 0, Double.NaN, Double.NaN, 0, 0, 1, 16,
                CompletionMode.SYNC, 1, false);
        assertThrows(OffloadModelException.class,
                () -> OffloadModel.predict(base("read", 4096, 1, "inline"), X0_MB, noDecompress));
        assertThrows(OffloadModelException.class, () -> OffloadModel.predict(base("write", 4096, 1, "inline"), 0,
                noDecompress));
        assertThrows(OffloadModelException.class, () -> new Device("v", "test", "", 3.2, 0, Double.NaN, Double.NaN, 0, 0,
                1, 16, CompletionMode.SYNC, 1, true), "verify needs a decompress line");
    }
    // ------------------------------------------------------------------ the hand-off term (§2a)

    /** The saturated base of {@link #aCpuSaturatedBaseScalesItsCycleWithTheCpuDemand}: 0.5 cores available and used. */
    static StageCosts cpuSaturated() {
        StageCosts b = base("write", 4096, 1, "inline");
        return new StageCosts(b.pattern(), b.blockSize(), b.policy(), b.jobs(), b.execution(), 1, 2, 1000, 100_000, 50_000,
                200_000, b.hash(), b.compress(), b.pack(), b.decompress(), b.submitter());
    }

    static HandOff beta(double cores) {
        return new HandOff(cores, 0, 0, 10, 0, "test");
    }

    @Test
    void theRestFallsAsTheRateRisesAndKeepsItsMeasuredValueAtTheBaseRate() {
        HandOff h = beta(0.2);
        // r0 = 27.5 µs at 10 000/s; 0.2 cores of hand-off = 20 µs per data_vio there
        assertEquals(27.5, h.restAt(27.5, 10_000, 10_000), 1e-12);
        assertEquals(27.5 - 10, h.restAt(27.5, 10_000, 20_000), 1e-12, "twice the rate: half the hand-off part");
        assertEquals(27.5 + 20, h.restAt(27.5, 10_000, 5_000), 1e-12);
        double last = Double.POSITIVE_INFINITY;
        for (double x = 1000; x < 1e7; x *= 1.5) {
            double r = h.restAt(27.5, 10_000, x);
            assertTrue(r <= last && r >= 0, "rest at " + x + ": " + r);
            last = r;
        }
        // β above the measured rest: the hand-off part is capped at it, the rest never goes below 0
        assertEquals(0.275e6 / 1e9, beta(5).restAt(27.5, 10_000, 1e9), 1e-12, "all of it hand-off: r0·X0/X");
        assertEquals(27.5 / 2, beta(5).restAt(27.5, 10_000, 20_000), 1e-12);
        assertEquals(27.5, HandOff.NONE.restAt(27.5, 10_000, 1e6), 0, "no term: a constant rest");
    }

    @Test
    void aSaturatedBaseWithHandOffSolvesTheFixedPoint() {
        // U = 0.5 cores used; β = 0.2 cores (20 µs per data_vio at X0 = 10 000/s); sync 5 µs: s1 = 50 − 20 + 5 = 35.
        // X·s'(X) = U with s'(X) = s1 + β/X − β/X0 → X = (U − β)/(s1 − β/X0) = 0.3 / 15 µs = 20 000/s
        Device d = device(CompletionMode.SYNC, 5, 3, 0, 0, 1, 1, false);
        var p = OffloadModel.predict(cpuSaturated(), X0_MB, d, beta(0.2));
        assertEquals(20_000 * MB, p.mbPerS(), 1e-6);
        assertEquals(27.5 - 10, p.restUs(), 1e-6, "the rest at the predicted rate");
        assertEquals(25, p.cpuPerDataVioUs(), 1e-6, "stages 7.5 + rest 17.5");
        // the fixed point: the bounds evaluated at the predicted rate give the predicted rate
        assertEquals(p.mbPerS(), Math.min(p.jobsBound(), p.cpuBound()) * MB, 1e-6);
        // without the term the rest stays 27.5 µs: 0.5 cores / 35 µs
        var constant = OffloadModel.predict(cpuSaturated(), X0_MB, d);
        assertEquals(0.5e6 / 35 * MB, constant.mbPerS(), 1e-6);
        assertTrue(p.mbPerS() > constant.mbPerS(), "a faster pipeline wakes its threads less often");
    }

    @Test
    void theFixedPointConvergesWhereTheRestBoundsTheHandOff() {
        // β = 1 core > r0·X0 = 0.275 cores: capped at 0.275; X·(s1 − r0 + max(0, r0 + 0.275e6/X − 27.5)) = 0.5e6
        // → X·(7.5) + 0.275e6 = 0.5e6 → X = 30 000/s (rest 9.17 µs > 0, so the max does not bind)
        var p = OffloadModel.predict(cpuSaturated(), X0_MB, device(CompletionMode.SYNC, 5, 3, 0, 0, 1, 1, false), beta(1));
        assertEquals(30_000 * MB, p.mbPerS(), 1e-6);
        assertEquals(0.275e6 / 30_000, p.restUs(), 1e-6);
    }

    @Test
    void theBaseOwnCostsReturnTheMeasuredBandwidthWithTheHandOffTerm() {
        List<StageCosts> bases = List.of(base("write", 4096, 1, "inline"), base("write", 4096, 1, "threads"),
                base("read", 16384, 4, "threads"), cpuSaturated());
        for (StageCosts b : bases) {
            for (double beta : new double[] {0, 0.1, 0.27, 3}) {
                var p = OffloadModel.predict(b, X0_MB, ModelRun.softwareDevice(b), beta(beta));
                assertEquals(X0_MB, p.mbPerS(), 1e-9 * X0_MB, b.pattern() + " " + b.execution() + " β " + beta);
                assertEquals(b.restPerDataVio(), p.restUs(), 1e-6);
            }
        }
    }

    @Test
    void aFasterDeviceNeverPredictsLowerBandwidth() {
        List<StageCosts> bases = List.of(base("write", 4096, 1, "inline"), base("write", 4096, 16, "threads"),
                base("read", 16384, 8, "threads"), base("read", 4096, 1, "inline"), cpuSaturated());
        for (StageCosts b : bases) {
            for (CompletionMode mode : CompletionMode.values()) {
                for (double beta : new double[] {0, 0.2, 2}) {
                    double last = Double.POSITIVE_INFINITY;
                    for (double l = 0; l <= 2000; l = l < 1 ? l + 0.25 : l * 1.3) {
                        Device d = device(mode, l, l, 0.5, 0.5, 4, mode == CompletionMode.BATCH ? 16 : 1, false);
                        double mb = OffloadModel.predict(b, X0_MB, d, beta(beta)).mbPerS();
                        assertTrue(mb <= last * (1 + 1e-12), b.pattern() + " " + b.execution() + " " + mode + " β "
                                + beta + ": " + l + " µs predicts " + mb + " > " + last);
                        last = mb;
                    }
                }
            }
        }
    }

    @Test
    void theHandOffFitRecoversItsTermsAndRefusesWhatItCannotFit() {
        // rest = 1 + 4/B + β/X exactly, β = 0.8 cores, at rates and bio sizes that vary independently
        List<StageCosts> runs = new ArrayList<>();
        int[] sizes = {4096, 16384, 65536, 131072};
        double[] rates = {20_000, 50_000, 150_000};
        for (int bs : sizes) {
            for (double x : rates) {
                runs.add(withRest(bs, x, 1 + 4.0 / (bs / 4096) + 0.8e6 / x));
            }
        }
        HandOff h = HandOff.fit(runs, "synthetic");
        assertEquals(0.8, h.cores(), 1e-9);
        assertEquals(1, h.perDataVioUs(), 1e-6);
        assertEquals(4, h.perBioUs(), 1e-6);
        assertEquals(12, h.runs());
        assertEquals(0, HandOff.fit(runs.subList(0, 5), "few").cores(), "fewer than 6 cases: no term");
        List<StageCosts> rising = new ArrayList<>();
        for (int bs : sizes) {
            for (double x : rates) {
                rising.add(withRest(bs, x, 5 + x / 10_000)); // a rest that grows with the rate: β < 0 → 0
            }
        }
        assertEquals(0, HandOff.fit(rising, "rising").cores());
        List<StageCosts> oneRate = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            oneRate.add(withRest(4096, 50_000, 10));
        }
        assertEquals(0, HandOff.fit(oneRate, "flat").cores(), "rates that do not vary cannot be fitted");
        List<StageCosts> oneSize = new ArrayList<>();
        for (double x : new double[] {20_000, 40_000, 80_000, 160_000, 320_000, 640_000}) {
            oneSize.add(withRest(65536, x, 2 + 0.5e6 / x));
        }
        HandOff single = HandOff.fit(oneSize, "one size");
        assertEquals(0.5, single.cores(), 1e-9, "one bio size: the per-bio term folds into the intercept");
        assertEquals(2 + 0.0, single.perDataVioUs(), 1e-6);
    }

    /** A 1-second window at {@code x} data_vios/s whose only CPU is the rest {@code rest} µs per data_vio. */
    private static StageCosts withRest(int blockSize, double x, double rest) {
        long n = Math.round(x);
        StageCosts.Work none = StageCosts.Work.NONE;
        return new StageCosts("write", blockSize, "t", 1, "threads", 1, 2, n, 1e6, rest * n, Double.NaN, none, none,
                none, none, new StageCosts.Work(n, 1e6, 1e5));
    }

    @Test
    void onARecordedQuietRunTheHandOffTermHalvesTheSwapError() {
        // 36 cases of the quick matrix of 2026-12-03 (611c80f): write and read, 4/16/64 KiB, 1/8/16 jobs, lz4 and
        // iaa (QPL software); README "What would IAA hardware do?" gives the whole run's numbers
        ModelRun run = ModelRun.load(Path.of("src/test/resources/offload/quick-subset"), "lz4", "iaa");
        List<ModelRun.Check> checks = run.validate();
        Map<String, Double> median = new TreeMap<>();
        for (ModelReport.ErrorSummary e : ModelReport.errors(checks)) {
            median.put(e.kind() + " " + e.policy() + " " + e.pattern(), e.medianAbsPct());
            if (e.kind().equals("self")) {
                assertEquals(0, e.worstAbsPct(), 1e-6, "the self check is exact: " + e);
            }
        }
        for (String target : List.of("iaa", "lz4")) {
            for (String io : List.of("write", "read")) {
                double with = median.get("swap " + target + " " + io);
                double without = median.get("swap-constant-rest " + target + " " + io);
                String what = target + " " + io + ": " + with + " % with the term vs " + without + " % without";
                // iaa reads from the LZ4 runs are bound by the cpu thread, where the term does not enter
                assertTrue(target.equals("iaa") && io.equals("read") ? with <= without + 1e-9 : with < 0.75 * without,
                        what);
                assertTrue(with < 15, what);
            }
        }
        for (HandOff h : run.handOffs()) {
            assertTrue(h.cores() > 0.3 && h.cores() < 2, "β of this run is some tenths of the 2 cores: " + h.describe());
        }
    }
}
