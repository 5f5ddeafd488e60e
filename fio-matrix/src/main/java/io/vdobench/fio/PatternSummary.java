package io.vdobench.fio;

import io.vdobench.stats.EffectVerdict;
import java.util.List;

/**
 * The patch's per-I/O-type line, settled: over the cases of one pattern, average and median change of
 * B versus A, wins raw ("13/18") and significant ("2/18"), the best gain, the 95 % interval of the
 * average (hierarchical bootstrap: cases, then fork pairs within a case), its p before and after Holm's
 * correction over the summary's rows, the verdict, and the smallest average change the run could detect.
 *
 * @param pattern         the I/O type, or null for the all-cases row
 * @param cases           per-case comparisons, in matrix order
 * @param avgPct          arithmetic mean of the per-case changes
 * @param medianPct       median of the per-case changes
 * @param wins            cases where B was faster
 * @param ties            cases with exactly equal bandwidth
 * @param best            the case with the largest change (first in matrix order on equal changes)
 * @param avgCiLow        lower end of the 95 % interval of {@code avgPct}, NaN when it cannot be had
 * @param avgCiHigh       upper end, or NaN
 * @param p               two-sided p of "the average change is 0", NaN without a test
 * @param pHolm           {@code p} after Holm's correction over the rows of the summary
 * @param mdePct          the average change found 80 % of the time at alpha 0.05 with this run's spread
 * @param significantWins cases with verdict "B faster" (Holm over the cases of the type)
 * @param verdict         from {@code pHolm} at alpha 0.05
 */
public record PatternSummary(IoPattern pattern, List<CaseComparison> cases, double avgPct, double medianPct,
                             int wins, int ties, CaseComparison best, double avgCiLow, double avgCiHigh, double p,
                             double pHolm, double mdePct, int significantWins, EffectVerdict verdict) {
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

    /** "2/18": wins with a Holm-corrected p under alpha. */
    public String significantWinsText() {
        return significantWins + "/" + cases.size();
    }

    public boolean hasCi() {
        return !Double.isNaN(avgCiLow);
    }

    public String label() {
        return pattern == null ? "all" : pattern.label();
    }

    /** The fewest fork pairs any of its cases has. */
    public int minPairs() {
        return cases.stream().mapToInt(CaseComparison::pairs).min().orElse(0);
    }

    PatternSummary withHolm(double adjusted) {
        return new PatternSummary(pattern, cases, avgPct, medianPct, wins, ties, best, avgCiLow, avgCiHigh, p,
                adjusted, mdePct, significantWins, EffectVerdict.of(avgPct, adjusted, PolicyComparison.ALPHA));
    }
}
