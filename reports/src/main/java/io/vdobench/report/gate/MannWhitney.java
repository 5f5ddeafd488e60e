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
        if (tieTerm == 0 && Math.min(n1, n2) < EXACT_BELOW) {
            return exactTwoSided((int) Math.round(Math.min(u1, (double) n1 * n2 - u1)), n1, n2);
        }
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

    /**
     * Below this size of the smaller sample, and without ties, the p-value is exact (SciPy's "auto" rule):
     * the normal approximation is coarse there (6 forks against 6: 0.005 against the exact 0.0022 for
     * complete separation), and that is the size of a fork-level A/B gate.
     */
    static final int EXACT_BELOW = 8;

    /** Two-sided exact p: 2 P(U <= u) under H0, U's null distribution by the usual recursion. */
    static double exactTwoSided(int u, int n1, int n2) {
        // p[i][j][k] = P(U = k) for samples of i and j; built up from p[0][j] = p[i][0] = {1 at k = 0}.
        double[][][] p = new double[n1 + 1][n2 + 1][];
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                p[i][j] = new double[i * j + 1];
                if (i == 0 || j == 0) {
                    p[i][j][0] = 1;
                    continue;
                }
                // The largest of the i + j values is from the first sample (prob i/(i+j)): it beats all j.
                for (int k = 0; k <= i * j; k++) {
                    double fromA = k - j >= 0 && k - j < p[i - 1][j].length ? p[i - 1][j][k - j] : 0;
                    double fromB = k < p[i][j - 1].length ? p[i][j - 1][k] : 0;
                    p[i][j][k] = (i * fromA + j * fromB) / (i + j);
                }
            }
        }
        double tail = 0;
        for (int k = 0; k <= u; k++) {
            tail += p[n1][n2][k];
        }
        return Math.min(1.0, 2 * tail);
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
