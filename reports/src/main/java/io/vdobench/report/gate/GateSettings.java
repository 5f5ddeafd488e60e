package io.vdobench.report.gate;

/**
 * Thresholds of the statistical gate. A regression needs significance <em>and</em> an effect at least
 * the floor: significance alone flags harmless 0.5 % shifts on long runs, a threshold alone flags noise.
 *
 * @param alpha            significance level of the two-sided Mann-Whitney U test
 * @param minEffect        smallest relative change ever reported (e.g. 0.05 = 5 %)
 * @param noiseMultiplier  the floor is also at least this many times the benchmark's own noise
 *                         (coefficient of variation of the baseline samples)
 * @param maxRelativeError a result whose JMH scoreError/score exceeds this is INVALID
 * @param minSamples       fewer iterations than this in either run is INVALID
 */
public record GateSettings(double alpha, double minEffect, double noiseMultiplier, double maxRelativeError,
                           int minSamples) {

    public static GateSettings defaults() {
        return new GateSettings(0.01, 0.05, 2.0, 0.30, 9);
    }

    public GateSettings {
        if (!(alpha > 0 && alpha < 1) || minEffect < 0 || noiseMultiplier < 0 || maxRelativeError <= 0 || minSamples < 2) {
            throw new IllegalArgumentException("bad gate settings");
        }
    }
}
