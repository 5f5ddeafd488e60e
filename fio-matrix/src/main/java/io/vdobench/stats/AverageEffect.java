package io.vdobench.stats;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The average effect of B over several cases (one I/O type, or all of them), each case given as its
 * fork pairs' log ratios ln(B/A). The average is the mean of the cases' changes (geometric mean of
 * their pair ratios, minus one). Its uncertainty comes from a hierarchical bootstrap: each round draws
 * the cases with replacement, then each drawn case's pairs with replacement, so both the spread between
 * cases and the noise of each case's forks count. The standard error of those rounds gives a t interval
 * and p with cases − 1 degrees of freedom (a percentile interval of six resampled cases is too narrow),
 * on the log scale of 1 + average so that the interval stays above −100 %;
 * a single case falls back to its own {@link PairedRatio}.
 *
 * @param cases  number of cases
 * @param mean   the average change (a fraction)
 * @param low    lower end of the 95 % interval, NaN when it cannot be had
 * @param high   upper end, or NaN
 * @param p      two-sided p for "the average change is 0", or NaN
 * @param se     bootstrap standard error of the average, or NaN
 * @param df     degrees of freedom of the t reference
 */
public record AverageEffect(int cases, double mean, double low, double high, double p, double se, double df) {
    /** Rounds of the bootstrap; fixed seed, so a summary is reproducible. */
    public static final int ROUNDS = 4000;
    public static final long SEED = 0x5eed_cafeL;

    public static AverageEffect of(List<double[]> logRatiosPerCase) {
        return of(logRatiosPerCase, ROUNDS, new SplittableRandom(SEED));
    }

    public static AverageEffect of(List<double[]> logRatiosPerCase, int rounds, SplittableRandom rnd) {
        int n = logRatiosPerCase.size();
        if (n == 0) {
            throw new IllegalArgumentException("no cases");
        }
        for (double[] d : logRatiosPerCase) {
            if (d.length == 0) {
                throw new IllegalArgumentException("a case without fork pairs");
            }
        }
        double mean = average(logRatiosPerCase);
        if (n == 1) {
            PairedRatio one = PairedRatio.ofLogRatios(logRatiosPerCase.get(0));
            return new AverageEffect(1, one.change(), one.low(), one.high(), one.p(), one.se(), one.pairs() - 1);
        }
        double sum = 0;
        double sumSq = 0;
        double[] resampled = new double[n];
        for (int r = 0; r < rounds; r++) {
            double total = 0;
            for (int c = 0; c < n; c++) {
                double[] d = logRatiosPerCase.get(rnd.nextInt(n));
                double s = 0;
                for (int k = 0; k < d.length; k++) {
                    s += d[rnd.nextInt(d.length)];
                }
                resampled[c] = Math.expm1(s / d.length);
                total += resampled[c];
            }
            double avg = total / n;
            sum += avg;
            sumSq += avg * avg;
        }
        double bootMean = sum / rounds;
        double se = Math.sqrt(Math.max(0, (sumSq - rounds * bootMean * bootMean) / (rounds - 1)));
        double df = n - 1;
        if (se == 0) {
            return new AverageEffect(n, mean, mean, mean, mean == 0 ? 1.0 : 0.0, 0, df);
        }
        // The average of ratios is positive, so its interval is taken on the log scale (delta method: the
        // standard error of ln(1 + mean) is se / (1 + mean)) and mapped back: it never reaches -100 %, which a
        // t interval of few cases (t(1) = 12.7) otherwise would. Near 0 both scales agree.
        TDistribution t = new TDistribution(df);
        double logSe = se / (1 + mean);
        double half = t.inverseCumulativeProbability(0.975) * logSe;
        double p = 2 * t.cumulativeProbability(-Math.abs(Math.log1p(mean) / logSe));
        return new AverageEffect(n, mean, (1 + mean) * Math.exp(-half) - 1, (1 + mean) * Math.exp(half) - 1, p, se, df);
    }

    /** Mean over cases of exp(mean log ratio) − 1. */
    static double average(List<double[]> logRatiosPerCase) {
        return logRatiosPerCase.stream().mapToDouble(d -> Math.expm1(Arrays.stream(d).average().orElseThrow()))
                .average().orElseThrow();
    }

    public boolean judged() {
        return !Double.isNaN(p);
    }

    /** The smallest average change found at {@code alpha} with probability {@code power}; NaN without a test. */
    public double detectable(double alpha, double power) {
        if (!judged()) {
            return Double.NaN;
        }
        double m = Power.multiplier(df, alpha, power) * se;
        return cases == 1 ? Math.expm1(m) : m; // one case: its PairedRatio's log scale, so both MDEs agree
    }
}
