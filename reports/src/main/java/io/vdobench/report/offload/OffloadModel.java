package io.vdobench.report.offload;

/**
 * The offload model (docs/OFFLOAD-MODEL.md §2-§4): a measured trial's stage costs with its compression
 * (writes) or decompression (reads) replaced by a {@link Device}; predicts the bandwidth as the least of
 * four bounds on data_vios per second, in the manner of bottleneck analysis and of Accelerometer's
 * (ASPLOS 2020) per-request cost accounting:
 * <ul>
 * <li>jobs: {@code N / R'}, the closed loop of N submitters with cycle {@code R' = R + Δ}, where
 *     {@code R = N / X0} is measured and Δ is the change on the submitter's path; in a base saturated at the
 *     host CPU or the cpu threads, {@code R' = R·D'/D + wait} (the queueing scales with that demand);</li>
 * <li>host CPU: {@code C_avail / s'}, {@code s' = s − c − d + c' + d'};</li>
 * <li>dm-vdo's cpu threads (threads execution): {@code K / (h + c' + d')};</li>
 * <li>device engines: {@code M / T_dev}.</li>
 * </ul>
 * Replacing a stage by itself (the base's own costs as a {@code sync} device with no overhead) gives Δ = 0
 * and returns the measured bandwidth, unless another bound already sits below it.
 */
public final class OffloadModel {
    private static final double BYTES = 4096;

    private OffloadModel() {
    }

    /** The four bounds (data_vios per second; infinite where a bound does not apply) and the least. */
    public record Prediction(double mbPerS, String bottleneck, double jobsBound, double cpuBound, double cpuThreadBound,
                             double deviceBound, double cpuPerDataVioUs, double cycleUs) {
    }

    /**
     * Predicts the bandwidth (MB/s, 10^6 B/s) of {@code base}'s case with its codec replaced by {@code dev}.
     *
     * @param base        the measured stage costs of the case
     * @param baseMbPerS  the case's measured bandwidth (results.csv)
     */
    public static Prediction predict(StageCosts base, double baseMbPerS, Device dev) {
        return predict(base, baseMbPerS, dev, base.availableCores());
    }

    /**
     * As {@link #predict(StageCosts, double, Device)} on a host that leaves {@code cores} to the run instead of
     * the base run's (the validation gives each prediction the cores its target run had: the host's load is
     * the environment, not the model's output).
     */
    public static Prediction predict(StageCosts base, double baseMbPerS, Device dev, double cores) {
        if (!(baseMbPerS > 0)) {
            throw new OffloadModelException("measured bandwidth must be positive for " + base.pattern() + " bs="
                    + base.blockSize() + " jobs=" + base.jobs() + ": " + baseMbPerS);
        }
        boolean write = base.isWrite();
        if (!write && !dev.hasDecompress()) {
            throw new OffloadModelException(dev.name() + " has no decompress cost: reads cannot be modelled");
        }
        double x0 = baseMbPerS * 1e6 / BYTES; // data_vios per second
        int n = base.jobs();
        int b = base.blocksPerIo();
        int k = base.cpuThreads();
        int m = dev.engines();
        double cycle = n / x0 * 1e6; // R, µs per data_vio per job

        // The stage the device replaces, per data_vio: its CPU time, its wall time, its calls.
        StageCosts.Work w = write ? base.compress() : base.decompress();
        double cpu0 = base.perDataVio(w.cpuUs());
        double wall0 = base.perDataVio(w.wallUs());
        double calls = base.callsPerDataVio(w);
        double stretch = cpu0 > 0 ? Math.max(1, wall0 / cpu0) : 1; // preemption the base saw in that stage

        double lc = dev.compressLatencyUs();
        double ld = dev.decompressLatencyUs();
        int verify = dev.verify() ? 1 : 0;
        double latency = write ? lc + verify * ld : ld;     // device time of one data_vio's job(s)
        int jobsPerCall = write ? 1 + verify : 1;
        int batch = effectiveBatch(dev, base, write);
        double overhead = jobsPerCall * (dev.submitUs() + dev.completeUs());
        double cpuPerCall;
        double waitPerCall;
        switch (dev.mode()) {
            case SYNC -> {
                cpuPerCall = overhead + latency;
                waitPerCall = 0;
            }
            case ASYNC -> {
                cpuPerCall = overhead;
                waitPerCall = latency;
            }
            default -> {
                cpuPerCall = overhead / batch;
                waitPerCall = Math.ceil((double) batch / Math.min(m, batch)) * latency;
            }
        }
        double cpu1 = calls * cpuPerCall;
        double deviceTime = calls * latency;

        // Δ on the submitter's path, per data_vio: its CPU part and the device wait it adds.
        double pathCpu;
        double pathWait;
        if (!base.threads()) {
            pathCpu = stretch * cpu1 - wall0; // inline: every stage runs on the submitter
            pathWait = calls * waitPerCall;
        } else if (write) {
            pathCpu = 0; // dm-vdo acknowledges a write at allocation, before hashing and compression
            pathWait = 0;
        } else {
            // a bio's blocks share the K cpu threads (ceil(B/K) waves) and wait on the engines together
            double waves = Math.ceil((double) b / k) / b;
            double engineWaves = m == Device.UNLIMITED_ENGINES ? 1.0 / b : Math.ceil((double) b / m) / b;
            pathCpu = waves * (stretch * cpu1 - wall0);
            pathWait = calls * waitPerCall * engineWaves;
        }
        double s0 = base.cpuPerDataVio();
        double s1 = s0 - cpu0 + cpu1;
        double hashCpu = write ? base.perDataVio(base.hash().cpuUs()) : 0;
        double hashWall = write ? base.perDataVio(base.hash().wallUs()) : 0;
        // A base run saturated at a resource spent part of its cycle queueing for it, in proportion to the
        // resource's demand (processor sharing): that part scales with the new demand instead (§2).
        double cpuLoad = base.processCpuUs() / base.windowUs() / base.availableCores();
        double threadLoad = base.threads() ? x0 * (hashWall + wall0) / 1e6 / k : 0;
        double cycle1;
        String saturated;
        if (Math.max(cpuLoad, threadLoad) >= SATURATED) {
            boolean cpu = cpuLoad >= threadLoad;
            double scale = cpu ? s1 / s0 * base.availableCores() / cores : (hashCpu + cpu1) / (hashCpu + cpu0);
            cycle1 = cycle * scale + pathWait;
            saturated = cpu ? "host-cpu" : "cpu-threads";
        } else {
            cycle1 = cycle + pathCpu + pathWait;
            saturated = "";
        }
        cycle1 = Math.max(1e-9, cycle1);
        double jobsBound = n / cycle1 * 1e6;
        double cpuBound = s1 > 0 ? cores / s1 * 1e6 : Double.POSITIVE_INFINITY;

        double cpuThreadBound = Double.POSITIVE_INFINITY;
        if (base.threads()) {
            double onCpuThreads = hashCpu + cpu1;
            if (onCpuThreads > 0) {
                cpuThreadBound = k / onCpuThreads * 1e6;
            }
        }
        double deviceBound = deviceTime > 0 && m != Device.UNLIMITED_ENGINES ? m / deviceTime * 1e6
                : Double.POSITIVE_INFINITY;

        double x = jobsBound;
        String bottleneck = saturated.isEmpty() ? "jobs" : "jobs (" + saturated + "-saturated base)";
        if (cpuBound < x) {
            x = cpuBound;
            bottleneck = "host-cpu";
        }
        if (cpuThreadBound < x) {
            x = cpuThreadBound;
            bottleneck = "cpu-threads";
        }
        if (deviceBound < x) {
            x = deviceBound;
            bottleneck = "engines";
        }
        return new Prediction(x * BYTES / 1e6, bottleneck, jobsBound, cpuBound, cpuThreadBound, deviceBound, s1, cycle1);
    }

    /**
     * Jobs per submission in batch mode: the set's batch, no more than the work queue holds, and no more
     * than the data_vios that can be in flight together: with threads a write is acknowledged before it
     * is compressed, so the whole pool (2048) may wait; otherwise a job's bio is all there is per job.
     */
    static int effectiveBatch(Device dev, StageCosts base, boolean write) {
        if (dev.mode() != CompletionMode.BATCH) {
            return 1;
        }
        long inFlight = base.threads() && write ? 2048 : (long) base.jobs() * base.blocksPerIo();
        return (int) Math.max(1, Math.min(dev.batch(), Math.min(dev.wqDepth(), inFlight)));
    }

    /**
     * The device latency (µs per 4 KiB job: compress for writes, decompress for reads) at which the
     * prediction equals {@code targetMbPerS}; NaN when even a free device stays below it, +∞ when the
     * latency never brings it down to it (below {@value #MAX_LATENCY_US} µs).
     */
    public static double breakEvenLatencyUs(StageCosts base, double baseMbPerS, Device dev, double targetMbPerS) {
        boolean write = base.isWrite();
        java.util.function.DoubleUnaryOperator at = l -> predict(base, baseMbPerS,
                write ? dev.withCompressLatency(l) : dev.withDecompressLatency(l)).mbPerS();
        if (at.applyAsDouble(0) < targetMbPerS) {
            return Double.NaN;
        }
        if (at.applyAsDouble(MAX_LATENCY_US) >= targetMbPerS) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = 0;
        double hi = MAX_LATENCY_US;
        for (int i = 0; i < 60 && hi - lo > 1e-4; i++) {
            double mid = (lo + hi) / 2;
            if (at.applyAsDouble(mid) >= targetMbPerS) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * A base run whose host CPU (used / available cores) or cpu threads (their stages' wall time per second
     * per thread) are this busy is taken as saturated there (§2).
     */
    public static final double SATURATED = 0.9;

    /** The break-even search stops here: a 4 KiB job slower than this is no accelerator. */
    public static final double MAX_LATENCY_US = 10_000;
}
