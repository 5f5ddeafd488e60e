package io.vdobench.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * B against A on pairs of forks run next to each other (A B B A …): the log ratio of the i-th B fork
 * to the i-th A fork, so that whatever the machine did to both runs of a pair cancels. The change is
 * the geometric mean of the pair ratios minus one, with a 95 % t interval, a paired t-test (Commons
 * Math) and the change detectable at a chosen alpha and power, all over pairs: the fork pair is the
 * unit of replication (iterations inside one fork share its JIT and code layout, so they are not
 * independent). Used by the speed gate and by the matrix.
 *
 * @param pairs  number of fork pairs
 * @param change exp(mean log ratio) − 1 (a fraction: 0.02 is B 2 % faster)
 * @param low    lower end of the 95 % interval of {@code change}, NaN with fewer than two pairs
 * @param high   upper end, or NaN
 * @param p      two-sided p of the paired t-test, NaN with fewer than two pairs
 * @param se     standard error of the mean log ratio, NaN with fewer than two pairs
 */
public record PairedRatio(int pairs, double change, double low, double high, double p, double se) {

    /** Pairs {@code a[i]} with {@code b[i]}; both positive, as many on each side. */
    public static PairedRatio of(double[] a, double[] b) {
        return ofLogRatios(logRatios(a, b));
    }

    /** ln(b[i] / a[i]) for each pair. */
    public static double[] logRatios(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples need as many on both sides (" + a.length + " vs "
                    + b.length + ")");
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            if (!(a[i] > 0) || !(b[i] > 0) || Double.isInfinite(a[i]) || Double.isInfinite(b[i])) {
                throw new IllegalArgumentException("pair " + i + ": " + a[i] + " / " + b[i]
                        + " is not a ratio of positive finite numbers");
            }
            d[i] = Math.log(b[i]) - Math.log(a[i]);
        }
        return d;
    }

    /** From log ratios ln(B/A), one per pair. */
    public static PairedRatio ofLogRatios(double[] d) {
        int n = d.length;
        if (n == 0) {
            throw new IllegalArgumentException("no pairs");
        }
        double mean = Arrays.stream(d).average().orElseThrow();
        if (n < 2) {
            return new PairedRatio(n, Math.expm1(mean), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = Math.sqrt(Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        double se = sd / Math.sqrt(n);
        double p = se == 0 ? (mean == 0 ? 1.0 : 0.0) : new TTest().tTest(0.0, d);
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * se;
        return new PairedRatio(n, Math.expm1(mean), Math.expm1(mean - half), Math.expm1(mean + half), p, se);
    }

    /**
     * One-sided p of "B is below A" (the mean log ratio is negative): Student's t at mean / se with
     * pairs − 1 df; what a regression gate asks. NaN with fewer than two pairs.
     */
    public double pBelow() {
        if (!judged()) {
            return Double.NaN;
        }
        double mean = Math.log1p(change);
        if (se == 0) {
            return mean < 0 ? 0.0 : mean > 0 ? 1.0 : 0.5;
        }
        return new TDistribution(pairs - 1).cumulativeProbability(mean / se);
    }

    /**
     * The smallest slowdown (a positive fraction) a one-sided test at {@code alpha} finds with probability
     * {@code power}: (t_{1−α} + t_power) × se on the log scale. NaN with fewer than two pairs.
     */
    public double detectableOneSided(double alpha, double power) {
        return judged() ? -Math.expm1(-Power.multiplier(pairs - 1, 2 * alpha, power) * se) : Double.NaN;
    }

    /** True when there is an interval and a p (two pairs or more). */
    public boolean judged() {
        return pairs >= 2;
    }

    /**
     * The smallest change (a fraction) this many pairs with this spread would detect with probability
     * {@code power} in a two-sided test at {@code alpha}: (t_{1−α/2} + t_power) × se on the log scale.
     * NaN with fewer than two pairs.
     */
    public double detectable(double alpha, double power) {
        return judged() ? Math.expm1(Power.multiplier(pairs - 1, alpha, power) * se) : Double.NaN;
    }
}
