package io.vdobench.report.html;

import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.PolicyComparison;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a heat map draws for B against A: every case either ran, with its two results.csv rows (one missing: the
 * cell is grey) and, where both ran, the case's {@link CaseComparison} as the summary has it: cases.csv's where the
 * run settled this pair (the change over its fork pairs), else {@link PolicyComparison}'s over the two rows.
 *
 * @param settled the comparisons read from cases.csv (empty when the run settled no such pair); they carry the
 *                intervals the map hatches
 */
record CaseChanges(String a, String b, Map<MatrixCase, Cell> cells, Map<MatrixCase, CaseComparison> settled) {

    /** One case: the rows of A and B (either may be null) and their comparison (null unless both ran). */
    record Cell(CaseResult a, CaseResult b, CaseComparison comparison) {
        double changePct() {
            return comparison == null ? Double.NaN : comparison.changePct();
        }

        /** A's bandwidth, MB/s, as compared (with fork pairs the geometric mean of its forks); NaN without a row. */
        double aMbPerS() {
            return comparison != null ? comparison.baselineBw() / 1e6 : a == null ? Double.NaN : a.mbPerS();
        }

        double bMbPerS() {
            return comparison != null ? comparison.candidateBw() / 1e6 : b == null ? Double.NaN : b.mbPerS();
        }
    }

    CaseChanges {
        cells = Collections.unmodifiableMap(new TreeMap<>(cells));
        settled = Map.copyOf(settled);
    }

    static CaseChanges of(List<CaseResult> rows, String a, String b, Map<MatrixCase, CaseComparison> settled) {
        Map<MatrixCase, CaseResult[]> sides = new TreeMap<>();
        for (CaseResult r : rows) {
            int side = r.policy().equals(a) ? 0 : r.policy().equals(b) ? 1 : -1;
            if (side >= 0) {
                CaseResult[] v = sides.computeIfAbsent(r.matrixCase(), k -> new CaseResult[2]);
                if (v[side] == null) { // the first row of a case wins; duplicates are a producer bug
                    v[side] = r;
                }
            }
        }
        List<MatrixCase> both = new ArrayList<>();
        List<CaseResult> compared = new ArrayList<>();
        sides.forEach((c, v) -> {
            if (comparable(v[0]) && comparable(v[1])) {
                both.add(c);
                compared.add(v[0]);
                compared.add(v[1]);
            }
        });
        Map<MatrixCase, CaseComparison> computed = new HashMap<>();
        if (!both.isEmpty()) {
            PolicyComparison.compare(compared, a, b, both).overall().cases()
                    .forEach(c -> computed.put(c.matrixCase(), c));
        }
        Map<MatrixCase, Cell> cells = new TreeMap<>();
        sides.forEach((c, v) -> cells.put(c, new Cell(v[0], v[1],
                settled.containsKey(c) ? settled.get(c) : computed.get(c))));
        return new CaseChanges(a, b, cells, settled);
    }

    /** A row the comparison can take: a positive finite bandwidth (zero or NaN leaves the cell grey). */
    private static boolean comparable(CaseResult r) {
        return r != null && r.bwBytes() > 0 && !Double.isInfinite(r.bwBytes());
    }
}
