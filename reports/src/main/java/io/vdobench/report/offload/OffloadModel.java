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
 * <li>dm-vdo's cpu threads (threads execution): {@code K / Q'}, Q the cpu threads' busy time per data_vio
 *     with the codec's replaced;</li>
 * <li>device engines: {@code M / T_dev}.</li>
 * </ul>
 * The CPU outside the four stages (the rest) is not constant: its hand-off part falls per data_vio as the rate
 * rises ({@link HandOff}), so the bounds depend on the rate they bound and the prediction is their fixed point.
 * Replacing a stage by itself (the base's own costs as a {@code sync} device with no overhead) gives Δ = 0
 * and returns the measured bandwidth, unless another bound already sits below it.
 */
public final class OffloadModel {
    private static final double BYTES = 4096;

    private OffloadModel() {
    }

    /**
     * The four bounds (data_vios per second; infinite where a bound does not apply) and the least, at the predicted
     * rate; {@code restUs} is the rest per data_vio at that rate (the hand-off term, §2a).
     */
    public record Prediction(double mbPerS, String bottleneck, double jobsBound, double cpuBound, double cpuThreadBound,
                             double deviceBound, double cpuPerDataVioUs, double cycleUs, double restUs) {
    }

    /**
     * Predicts the bandwidth (MB/s, 10^6 B/s) of {@code base}'s case with its codec replaced by {@code dev}, the rest
     * taken as constant ({@link HandOff#NONE}).
     *
     * @param base        the measured stage costs of the case
     * @param baseMbPerS  the case's measured bandwidth (its window rate)
     */
    public static Prediction predict(StageCosts base, double baseMbPerS, Device dev) {
        return predict(base, baseMbPerS, dev, base.availableCores(), HandOff.NONE);
    }

    /** As {@link #predict(StageCosts, double, Device)} with the hand-off term {@code handOff}. */
    public static Prediction predict(StageCosts base, double baseMbPerS, Device dev, HandOff handOff) {
        return predict(base, baseMbPerS, dev, base.availableCores(), handOff);
    }

    /** As {@link #predict(StageCosts, double, Device, double, HandOff)} with the rest constant. */
    public static Prediction predict(StageCosts base, double baseMbPerS, Device dev, double cores) {
        return predict(base, baseMbPerS, dev, cores, HandOff.NONE);
    }

    /**
     * As {@link #predict(StageCosts, double, Device, HandOff)} on a host that leaves {@code cores} to the run instead
     * of the base run's (the validation gives each prediction the cores its target run had: the host's load is
     * the environment, not the model's output).
     */
    public static Prediction predict(StageCosts base, double baseMbPerS, Device dev, double cores, HandOff handOff) {
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
        double r0 = base.restPerDataVio();
        double s1 = s0 - cpu0 + cpu1;
        // The cpu threads' busy time per data_vio (Q, §2): measured where results.csv has it (it includes their own
        // hand-offs and the time they waited for a core), else the stages they run; the device replaces the
        // codec's stretched CPU time in it.
        double hashWall = write ? base.perDataVio(base.hash().wallUs()) : 0;
        double q0 = !base.threads() ? 0
                : Double.isNaN(base.cpuThreadBusyUs()) ? hashWall + wall0 : base.cpuThreadBusyPerDataVio();
        double q1 = Math.max(1e-9, q0 - stretch * cpu0 + stretch * cpu1);
        // A base run saturated at a resource spent part of its cycle queueing for it, in proportion to the
        // resource's demand (processor sharing): that part scales with the new demand instead (§2).
        double baseCores = base.availableCores();
        double cpuLoad = base.processCpuUs() / base.windowUs() / baseCores;
        double threadLoad = x0 * q0 / 1e6 / k;
        boolean saturated = Math.max(cpuLoad, threadLoad) >= SATURATED;
        boolean cpuSaturated = saturated && cpuLoad >= threadLoad;
        double cpuThreadBound = base.threads() && q1 > 1e-9 ? k / q1 * 1e6 : Double.POSITIVE_INFINITY;
        double deviceBound = deviceTime > 0 && m != Device.UNLIMITED_ENGINES ? m / deviceTime * 1e6
                : Double.POSITIVE_INFINITY;

        // The rest, and with it the CPU per data_vio and the CPU-bound cycle, depends on the rate (§2a); the rate
        // is the least bound, so the prediction is the fixed point X = min(bounds at rest(X)).
        Bounds at = new Bounds(n, cycle, pathCpu, pathWait, s0, s1, r0, x0, baseCores, cores, saturated, cpuSaturated,
                q0, q1, cpuThreadBound, deviceBound, handOff);
        double x = handOff.cores() > 0 ? fixedPoint(at) : at.least(x0);
        double cpuAtX = at.cpuPerDataVio(x);
        double cycle1 = at.cycle(x);
        double jobsBound = n / cycle1 * 1e6;
        double cpuBound = cpuAtX > 0 ? cores / cpuAtX * 1e6 : Double.POSITIVE_INFINITY;
        String bottleneck = !saturated ? "jobs" : "jobs (" + (cpuSaturated ? "host-cpu" : "cpu-threads") + "-saturated base)";
        double least = jobsBound;
        if (cpuBound < least) {
            least = cpuBound;
            bottleneck = "host-cpu";
        }
        if (cpuThreadBound < least) {
            least = cpuThreadBound;
            bottleneck = "cpu-threads";
        }
        if (deviceBound < least) {
            bottleneck = "engines";
        }
        return new Prediction(x * BYTES / 1e6, bottleneck, jobsBound, cpuBound, cpuThreadBound, deviceBound, cpuAtX,
                cycle1, cpuAtX - (s1 - r0));
    }

    /** The bounds of one case as functions of the rate X (data_vios/s), through the rest's hand-off term. */
    private record Bounds(int n, double cycle, double pathCpu, double pathWait, double s0, double s1, double r0,
                          double x0, double baseCores, double cores, boolean saturated, boolean cpuSaturated, double q0,
                          double q1, double cpuThreadBound, double deviceBound, HandOff handOff) {

        /** s'(X): the CPU per data_vio with the device, its rest at rate X. */
        double cpuPerDataVio(double x) {
            return s1 - r0 + handOff.restAt(r0, x0, x);
        }

        /** R'(X), µs per data_vio per job. */
        double cycle(double x) {
            double c;
            if (cpuSaturated) {
                c = cycle * cpuPerDataVio(x) / s0 * baseCores / cores + pathWait;
            } else if (saturated) {
                c = cycle * q1 / q0 + pathWait;
            } else {
                c = cycle + pathCpu + pathWait;
            }
            return Math.max(1e-9, c);
        }

        /** F(X): the least bound when the rest is that of rate X. */
        double least(double x) {
            double cpu = cpuPerDataVio(x);
            double cpuBound = cpu > 0 ? cores / cpu * 1e6 : Double.POSITIVE_INFINITY;
            return Math.min(Math.min(n / cycle(x) * 1e6, cpuBound), Math.min(cpuThreadBound, deviceBound));
        }
    }

    /**
     * The rate X with X = F(X) (§2a). F does not fall as X rises (a faster pipeline's rest is not larger) and F(X)/X
     * falls, so there is one crossing; bisection on log X finds it to double precision.
     */
    static double fixedPoint(Bounds f) {
        double lo = Math.log(1e-6);
        double hi = Math.log(1e13);
        for (int i = 0; i < 200 && hi - lo > 1e-14; i++) {
            double mid = (lo + hi) / 2;
            if (f.least(Math.exp(mid)) >= Math.exp(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp(lo);
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
        return breakEvenLatencyUs(base, baseMbPerS, dev, targetMbPerS, HandOff.NONE);
    }

    /** As {@link #breakEvenLatencyUs(StageCosts, double, Device, double)} with the hand-off term. */
    public static double breakEvenLatencyUs(StageCosts base, double baseMbPerS, Device dev, double targetMbPerS,
                                            HandOff handOff) {
        boolean write = base.isWrite();
        java.util.function.DoubleUnaryOperator at = l -> predict(base, baseMbPerS,
                write ? dev.withCompressLatency(l) : dev.withDecompressLatency(l), handOff).mbPerS();
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
