package io.vdobench.report.html;

import io.vdobench.report.model.CaseResult;
import io.vdobench.fio.MatrixCase;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Policy B against reference policy A, case by case, on bandwidth: {@code 100 (B − A) / A}.
 * Cases present for only one of the two are kept with the other side NaN (drawn grey).
 */
public record PolicyComparison(String a, String b, Map<MatrixCase, Pair> cases) {

    /** Both bandwidths of one case, MB/s (NaN when that policy has no row). */
    public record Pair(double a, double b) {
        public double changePct() {
            return Double.isNaN(a) || Double.isNaN(b) || a <= 0 ? Double.NaN : 100.0 * (b - a) / a;
        }
    }

    public PolicyComparison {
        cases = Collections.unmodifiableMap(new TreeMap<>(cases));
    }

    public static PolicyComparison of(List<CaseResult> rows, String a, String b) {
        Map<MatrixCase, double[]> m = new TreeMap<>();
        for (CaseResult r : rows) {
            int side = r.policy().equals(a) ? 0 : r.policy().equals(b) ? 1 : -1;
            if (side < 0) {
                continue;
            }
            double[] v = m.computeIfAbsent(r.matrixCase(), k -> new double[] {Double.NaN, Double.NaN});
            if (Double.isNaN(v[side])) { // the first row of a case wins; duplicates are a producer bug
                v[side] = r.mbPerS();
            }
        }
        Map<MatrixCase, Pair> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new Pair(v[0], v[1])));
        return new PolicyComparison(a, b, out);
    }

    public double changePct(MatrixCase c) {
        Pair p = cases.get(c);
        return p == null ? Double.NaN : p.changePct();
    }
}
