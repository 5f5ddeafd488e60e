package io.vdobench.report.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CaseIntervalsTest {
    @Test
    void theIntervalIsTOnTheLogsTurnedBack() {
        double[] x = {100, 110, 90};
        double[] i = CaseIntervals.logT(x, 0.95);
        // by hand: logs' mean and sd, t(2, 0.975) = 4.302653
        double m = (Math.log(100) + Math.log(110) + Math.log(90)) / 3;
        double ss = 0;
        for (double v : x) {
            ss += (Math.log(v) - m) * (Math.log(v) - m);
        }
        double half = 4.302653 * Math.sqrt(ss / 2 / 3);
        assertEquals(Math.exp(m - half), i[0], 1e-3);
        assertEquals(Math.exp(m + half), i[1], 1e-3);
        assertTrue(i[0] < 99.7 && i[1] > 99.7, "holds the geometric mean");
    }

    @Test
    void wildlyVaryingIterationsStillGiveAPositiveInterval() {
        // JMH's mean ± 99.9 % error of these three reaches far below zero; a ratio interval cannot.
        double[] i = CaseIntervals.logT(new double[] {5, 1000, 40}, 0.95);
        assertTrue(i[0] > 0 && i[1] > i[0], i[0] + " " + i[1]);
    }

    @Test
    void noIntervalFromOneValueOrANonPositiveOne() {
        assertNull(CaseIntervals.logT(new double[] {5}, 0.95));
        assertNull(CaseIntervals.logT(new double[] {5, 0, 6}, 0.95));
        assertNull(CaseIntervals.logT(new double[] {5, Double.NaN, 6}, 0.95));
    }
}
