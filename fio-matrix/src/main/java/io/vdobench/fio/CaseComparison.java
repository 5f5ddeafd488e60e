package io.vdobench.fio;

/**
 * One case, baseline A against candidate B.
 *
 * @param matrixCase  the case
 * @param baselineBw  A's bandwidth, bytes/s
 * @param candidateBw B's bandwidth, bytes/s
 * @param changePct   100·(B/A − 1)
 * @param ciLowPct    lower end of the 95 % bootstrap interval of the change, or NaN without repeats
 * @param ciHighPct   upper end, or NaN
 */
public record CaseComparison(MatrixCase matrixCase, double baselineBw, double candidateBw, double changePct,
                             double ciLowPct, double ciHighPct) {
    public boolean hasCi() {
        return !Double.isNaN(ciLowPct);
    }

    /** B faster than A (a tie is not a win). */
    public boolean win() {
        return candidateBw > baselineBw;
    }

    public boolean tie() {
        return candidateBw == baselineBw;
    }
}
