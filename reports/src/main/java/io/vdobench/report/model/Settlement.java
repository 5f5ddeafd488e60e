package io.vdobench.report.model;

import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.MatrixCase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run settled about B against A (the summariser's statistics, read back, never recomputed):
 * a verdict per I/O type and overall ({@code verdicts.csv}) and each case's comparison, its change
 * with its interval over fork pairs ({@code cases.csv}).
 */
public record Settlement(List<TypeVerdict> types, List<CaseComparison> cases) {
    public Settlement {
        types = List.copyOf(types);
        cases = List.copyOf(cases);
    }

    /**
     * One row of verdicts.csv: an I/O type ({@code write} …) or {@code all}.
     *
     * @param verdict "B faster", "B slower", "no detectable difference" or "not judged"
     * @param pHolm   p after {@code correction} over the rows, compared with {@code alpha}
     * @param mdePct  the average change the run would find 80 % of the time at {@code alpha}, %
     */
    public record TypeVerdict(String ioType, String baseline, String candidate, boolean aa, int cases, int minPairs,
                              double avgChangePct, double ciLowPct, double ciHighPct, double p, double pHolm,
                              String correction, double alpha, String verdict, double mdePct, int wins,
                              int significantWins, double caseMdeMedianPct) {
        public boolean isOverall() {
            return "all".equals(ioType);
        }
    }

    /** True when A and B are one policy under two labels. */
    public boolean aa() {
        return types.stream().anyMatch(TypeVerdict::aa);
    }

    public Map<MatrixCase, CaseComparison> byCase() {
        Map<MatrixCase, CaseComparison> m = new TreeMap<>();
        cases.forEach(c -> m.put(c.matrixCase(), c));
        return m;
    }
}
