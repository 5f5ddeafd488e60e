package io.vdobench.fio;

import java.util.List;

/**
 * The patch's per-I/O-type line: over the cases of one pattern, average and median bandwidth change
 * of B versus A, wins ("13/18"), the best gain, and a 95 % interval of the average where repeats exist.
 *
 * @param pattern    the I/O type, or null for the all-cases row
 * @param cases      per-case comparisons, in matrix order
 * @param avgPct     arithmetic mean of the per-case changes
 * @param medianPct  median of the per-case changes
 * @param wins       cases where B was faster
 * @param ties       cases with exactly equal bandwidth
 * @param best       the case with the largest change (first in matrix order on equal changes)
 * @param avgCiLow   lower end of the 95 % bootstrap interval of {@code avgPct}; NaN unless every case
 *                   has at least two samples for both policies
 * @param avgCiHigh  upper end, or NaN
 */
public record PatternSummary(IoPattern pattern, List<CaseComparison> cases, double avgPct, double medianPct,
                             int wins, int ties, CaseComparison best, double avgCiLow, double avgCiHigh) {
    public PatternSummary {
        cases = List.copyOf(cases);
    }

    public int count() {
        return cases.size();
    }

    /** "13/18". */
    public String winsText() {
        return wins + "/" + cases.size();
    }

    public boolean hasCi() {
        return !Double.isNaN(avgCiLow);
    }

    public String label() {
        return pattern == null ? "all" : pattern.label();
    }
}
