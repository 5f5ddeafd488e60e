package io.vdobench.report.gate;

import java.util.Arrays;

/**
 * Two-sided Mann-Whitney U test (normal approximation with tie and continuity correction), the
 * test google/benchmark's compare.py uses. Distribution-free: JMH iteration scores are skewed and
 * occasionally bimodal (JIT, GC), so a t-test's normality assumption does not hold.
 */
public final class MannWhitney {
    private MannWhitney() {
    }

    /** The two-sided p-value that samples {@code a} and {@code b} come from the same distribution. */
    public static double pValue(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        int n = n1 + n2;
        double[] all = new double[n];
        int[] from = new int[n];
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n1; i++) {
            all[i] = a[i];
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = b[i];
            from[n1 + i] = 1;
        }
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(all[x], all[y]));
        double rankSumA = 0;
        double tieTerm = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && all[idx[j + 1]] == all[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of the tie group, 1-based
            int t = j - i + 1;
            tieTerm += (double) t * t * t - t;
            for (int k = i; k <= j; k++) {
                if (from[idx[k]] == 0) {
                    rankSumA += rank;
                }
            }
            i = j + 1;
        }
        double u1 = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double var = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (var <= 0) {
            return 1.0; // every value identical: no evidence of a difference
        }
        double z = (Math.abs(u1 - mean) - 0.5) / Math.sqrt(var);
        if (z <= 0) {
            return 1.0;
        }
        return Math.min(1.0, 2 * upperTailNormal(z));
    }

    /** P(Z > z) for a standard normal Z (Abramowitz-Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
    static double upperTailNormal(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erfc = poly * Math.exp(-x * x);
        return erfc / 2;
    }
}
