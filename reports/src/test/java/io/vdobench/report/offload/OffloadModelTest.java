package io.vdobench.report.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
