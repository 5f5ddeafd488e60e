package io.vdobench.report.gate;

/**
 * Thresholds of the statistical gate. A regression needs significance <em>and</em> an effect at least
 * the floor: significance alone flags harmless 0.5 % shifts on long runs, a threshold alone flags noise.
 *
 * @param alpha            significance level: of the two-sided Mann-Whitney U test; with {@link Replication#PAIR}
 *                         of the one-sided paired t-test toward a regression (a gate asks only "slower?")
 * @param minEffect        smallest relative change ever reported (e.g. 0.05 = 5 %)
 * @param noiseMultiplier  the floor is also at least this many times the benchmark's own noise
 *                         (coefficient of variation of the baseline's samples)
 * @param maxRelativeError a result whose JMH scoreError/score exceeds this is INVALID
 * @param minSamples       fewer samples (of the replication unit) than this in either run is INVALID
 * @param replication      what one sample is: an iteration, or the mean of one fork
 */
public record GateSettings(double alpha, double minEffect, double noiseMultiplier, double maxRelativeError,
                           int minSamples, Replication replication) {

    /**
     * The unit of replication. {@link #FORK} is the honest one when both sides have several forks: the
     * iterations of one fork share that JVM's JIT decisions and code layout, so a fork-level difference
     * between two JVMs of the same code shows up as a "significant" difference of iterations.
     * {@link #ITERATION} remains for comparisons of single-fork runs.
     */
    public enum Replication {
        ITERATION, FORK,
        /**
         * Forks in pairs: the i-th fork of the current run against the i-th of the baseline, measured
         * next to each other in time (interleaved A B B A), so that what the machine does to both cancels
         * in their ratio; a paired t-test on the log ratios.
         */
        PAIR
    }

    public GateSettings(double alpha, double minEffect, double noiseMultiplier, double maxRelativeError, int minSamples) {
        this(alpha, minEffect, noiseMultiplier, maxRelativeError, minSamples, Replication.ITERATION);
    }

    public static GateSettings defaults() {
        return new GateSettings(0.01, 0.05, 2.0, 0.30, 9);
    }

    public GateSettings {
        if (!(alpha > 0 && alpha < 1) || minEffect < 0 || noiseMultiplier < 0 || maxRelativeError <= 0 || minSamples < 2
                || replication == null) {
            throw new IllegalArgumentException("bad gate settings");
        }
    }

    /** The samples of {@code r} in this gate's unit of replication. */
    double[] samplesOf(JmhResult r) {
        return replication == Replication.ITERATION ? r.samples() : r.forkMeans();
    }
}
