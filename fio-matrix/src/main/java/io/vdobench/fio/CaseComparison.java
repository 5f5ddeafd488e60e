package io.vdobench.fio;

import io.vdobench.stats.EffectVerdict;

/**
 * One case, baseline A against candidate B.
 *
 * @param matrixCase  the case
 * @param baselineBw  A's bandwidth, bytes/s (with fork pairs: the geometric mean of its forks, so that
 *                    candidateBw / baselineBw is exactly the change)
 * @param candidateBw B's bandwidth, bytes/s (likewise)
 * @param changePct   100·(geometric mean of the fork pairs' ratios B/A − 1); 100·(B/A − 1) without pairs
 * @param ciLowPct    lower end of the 95 % interval of the change over fork pairs, or NaN with fewer than two
 * @param ciHighPct   upper end, or NaN
 * @param pairs       fork pairs (A and B run next to each other); 1 when each side has one value
 * @param p           two-sided p of the paired t-test, NaN with fewer than two pairs
 * @param pHolm       {@code p} after Holm's correction over the cases of the I/O type
 * @param mdePct      the smallest change this case's pairs detect 80 % of the time at alpha 0.05, NaN without
 * @param verdict     from {@code pHolm} at alpha 0.05
 */
public record CaseComparison(MatrixCase matrixCase, double baselineBw, double candidateBw, double changePct,
                             double ciLowPct, double ciHighPct, int pairs, double p, double pHolm, double mdePct,
                             EffectVerdict verdict) {

    /** A case compared without pairs or test (its change and interval only). */
    public CaseComparison(MatrixCase matrixCase, double baselineBw, double candidateBw, double changePct,
                          double ciLowPct, double ciHighPct) {
        this(matrixCase, baselineBw, candidateBw, changePct, ciLowPct, ciHighPct, 1, Double.NaN, Double.NaN,
                Double.NaN, EffectVerdict.NOT_JUDGED);
    }

    /** Both ends of the interval are known (two or more pairs). */
    public boolean hasCi() {
        return !Double.isNaN(ciLowPct) && !Double.isNaN(ciHighPct);
    }

    /** The interval includes no change: the case alone cannot tell A from B. */
    public boolean ciIncludesZero() {
        return hasCi() && ciLowPct <= 0 && ciHighPct >= 0;
    }

    /** B faster than A (a tie is not a win). */
    public boolean win() {
        return candidateBw > baselineBw;
    }

    public boolean tie() {
        return candidateBw == baselineBw;
    }

    /** B faster with a Holm-corrected p under alpha. */
    public boolean significantWin() {
        return verdict == EffectVerdict.B_FASTER;
    }

    CaseComparison withHolm(double adjusted) {
        return new CaseComparison(matrixCase, baselineBw, candidateBw, changePct, ciLowPct, ciHighPct, pairs, p,
                adjusted, mdePct, EffectVerdict.of(changePct, adjusted, PolicyComparison.ALPHA));
    }
}
