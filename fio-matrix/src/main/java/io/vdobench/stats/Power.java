package io.vdobench.stats;

import org.apache.commons.math3.distribution.TDistribution;

/** The minimal-detectable-effect multiplier shared by every comparison: MDE = multiplier × standard error. */
public final class Power {
    /** What every summary's MDE is stated at. */
    public static final double ALPHA = 0.05;
    public static final double POWER = 0.80;

    private Power() {
    }

    /**
     * t_{df, 1−α/2} + t_{df, power}: an effect this many standard errors from zero is found significant at
     * two-sided {@code alpha} with probability {@code power}.
     */
    public static double multiplier(double df, double alpha, double power) {
        if (!(df > 0)) {
            return Double.NaN;
        }
        TDistribution t = new TDistribution(df);
        return t.inverseCumulativeProbability(1 - alpha / 2) + t.inverseCumulativeProbability(power);
    }
}
