package io.vdobench.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import io.vdobench.stats.EffectVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heat map's cells are the summary's per-case comparisons; a case one policy lacks stays grey. */
class CaseChangesTest {
    static final MatrixCase W4 = MatrixCase.of(IoPattern.WRITE, 4096, 1);
    static final MatrixCase R4 = MatrixCase.of(IoPattern.READ, 4096, 1);
    static final MatrixCase R8 = MatrixCase.of(IoPattern.READ, 8192, 1);

    private static CaseResult row(MatrixCase c, String policy, double mbPerS) {
        return new CaseResult(c, policy, "", "", mbPerS, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Map.of(), "jmh");
    }

    @Test
    void eachCaseIsItsComparisonAndAOneSidedCaseHasNone() {
        List<CaseResult> rows = List.of(row(R4, "lz4", 200), row(W4, "lz4", 100), row(W4, "iaa", 125),
                row(R4, "iaa", 150), row(R8, "iaa", 300), row(W4, "iaa", 1), row(R4, "zlib", 9));
        CaseChanges m = CaseChanges.of(rows, "lz4", "iaa", Map.of());
        assertEquals(List.of(W4, R4, R8), List.copyOf(m.cells().keySet()), "the patch's order");
        assertEquals(25.0, m.cells().get(W4).changePct(), 1e-9, "the first row of a case wins");
        assertEquals(-25.0, m.cells().get(R4).changePct(), 1e-9);
        assertEquals(100.0, m.cells().get(W4).aMbPerS(), 1e-9);
        CaseChanges.Cell only = m.cells().get(R8);
        assertNull(only.comparison(), "only iaa ran read 8K: nothing to compare");
        assertTrue(Double.isNaN(only.changePct()), "drawn grey");
        assertTrue(Double.isNaN(only.aMbPerS()));
        assertEquals(300.0, only.bMbPerS(), 1e-9);
    }

    @Test
    void aSettledCaseIsTheSummarysComparisonOverItsPairs() {
        // cases.csv says -4.5 % over 8 pairs (geometric means 420 and 401.1 MB/s); the rows' means say -5 %.
        CaseComparison settled = new CaseComparison(W4, 4.2e8, 4.011e8, -4.5, -6.0, -3.0, 8, 0.001, 0.01, 2.5,
                EffectVerdict.B_SLOWER);
        List<CaseResult> rows = List.of(row(W4, "lz4", 400), row(W4, "iaa", 380), row(R4, "lz4", 0),
                row(R4, "iaa", 100));
        CaseChanges m = CaseChanges.of(rows, "lz4", "iaa", Map.of(W4, settled));
        assertSame(settled, m.cells().get(W4).comparison());
        assertEquals(-4.5, m.cells().get(W4).changePct());
        assertEquals(420.0, m.cells().get(W4).aMbPerS(), 1e-9, "the tooltip's MB/s are the compared ones");
        assertNull(m.cells().get(R4).comparison(), "a row that moved nothing is not compared");
        assertTrue(Double.isNaN(m.cells().get(R4).changePct()));
    }
}
