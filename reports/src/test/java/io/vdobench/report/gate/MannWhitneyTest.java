package io.vdobench.report.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MannWhitneyTest {
    @Test
    void separatedSamplesMatchTheNormalApproximation() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] b = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        // U = 0, mean 50, variance 10*10*21/12 = 175, z = (50 - 0.5)/sqrt(175) = 3.7418:
        // two-sided p = 1.826e-4 (R: wilcox.test(a, b, exact=FALSE, correct=TRUE)).
        assertEquals(1.826e-4, MannWhitney.pValue(a, b), 0.02e-4);
        assertEquals(MannWhitney.pValue(a, b), MannWhitney.pValue(b, a), 1e-15);
    }

    @Test
    void identicalSamplesShowNoDifference() {
        double[] a = {5, 5, 5, 5, 5, 5, 5, 5, 5};
        assertEquals(1.0, MannWhitney.pValue(a, a.clone()));
        double[] b = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertEquals(1.0, MannWhitney.pValue(b, b.clone()), 1e-12);
    }

    @Test
    void interleavedSamplesAreNotSignificant() {
        double[] a = {1, 3, 5, 7, 9, 11, 13, 15, 17};
        double[] b = {2, 4, 6, 8, 10, 12, 14, 16, 18};
        assertTrue(MannWhitney.pValue(a, b) > 0.5);
    }

    @Test
    void normalTailIsAccurate() {
        assertEquals(0.5, MannWhitney.upperTailNormal(0), 1e-7);
        assertEquals(0.0227501, MannWhitney.upperTailNormal(2), 1e-6);
        assertEquals(0.00134990, MannWhitney.upperTailNormal(3), 1e-6);
    }

    @Test
    void smallSamplesWithoutTiesGetTheExactP() {
        // 6 against 6, completely separated: 2 / C(12, 6) = 2 / 924.
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {7, 8, 9, 10, 11, 12};
        assertEquals(2.0 / 924, MannWhitney.pValue(a, b), 1e-12);
        // One swap (U = 1): 2 * 2 / 924; U = 2: 2 * 4 / 924 (U <= 2 has 1 + 1 + 2 arrangements).
        assertEquals(4.0 / 924, MannWhitney.pValue(new double[] {1, 2, 3, 4, 5, 7}, new double[] {6, 8, 9, 10, 11, 12}), 1e-12);
        assertEquals(8.0 / 924, MannWhitney.exactTwoSided(2, 6, 6), 1e-12);
        // 3 against 4 (a textbook table value): P(U <= 1) = 2 / 35.
        assertEquals(4.0 / 35, MannWhitney.exactTwoSided(1, 3, 4), 1e-12);
        assertEquals(1.0, MannWhitney.exactTwoSided(6, 3, 4), 1e-12);
    }
}
