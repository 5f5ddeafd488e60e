package io.vdobench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AverageEffectTest {

    /** Cases of one I/O type: {@code pairs} log ratios each, noise {@code sd} per pair, true change shift. */
    static List<double[]> type(SplittableRandom rnd, int cases, int pairs, double sd, double shift) {
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            double[] d = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                d[i] = Math.log1p(shift) + sd * rnd.nextGaussian();
            }
            out.add(d);
        }
        return out;
    }

    @Test
    void knownAverageAndExactCases() {
        // Every pair of case 1 says +10 %, of case 2 -10 %: the average is 0, and with no noise inside the
        // cases the bootstrap sees only the draw of cases (both the same: +-10 %; mixed: 0).
        List<double[]> d = List.of(new double[] {Math.log(1.1), Math.log(1.1)}, new double[] {Math.log(0.9), Math.log(0.9)});
        AverageEffect e = AverageEffect.of(d);
        assertEquals(0.0, e.mean(), 1e-12);
        // The resampled average is +-10 % with p 1/4 each, 0 with p 1/2: se = sqrt(0.005) = 0.0707.
        assertEquals(Math.sqrt(0.005), e.se(), 0.004);
        assertEquals(1.0, e.p(), 1e-9);
        assertEquals(1.0, e.df());
        AverageEffect same = AverageEffect.of(List.of(new double[] {Math.log(1.02)}, new double[] {Math.log(1.02)}));
        assertEquals(0.02, same.mean(), 1e-12);
        assertEquals(0.0, same.p());
        assertThrows(IllegalArgumentException.class, () -> AverageEffect.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> AverageEffect.of(List.of(new double[0])));
    }

    @Test
    void oneCaseIsItsPairedTest() {
        double[] d = {0.1, 0.3};
        AverageEffect e = AverageEffect.of(List.<double[]>of(d));
        PairedRatio r = PairedRatio.ofLogRatios(d);
        assertEquals(r.change(), e.mean(), 1e-12);
        assertEquals(r.p(), e.p(), 1e-12);
        assertEquals(r.detectable(0.05, 0.8), Math.expm1(Power.multiplier(e.df(), 0.05, 0.8) * e.se()), 1e-12);
    }

    @Test
    void aaTypesStayQuietAndPlantedTwoPercentIsFound() {
        SplittableRandom rnd = new SplittableRandom(2026);
        int runs = 300;
        int falseAlarms = 0;
        int found = 0;
        for (int i = 0; i < runs; i++) {
            // six cases of four pairs, 4 % noise per pair ratio
            if (AverageEffect.of(type(rnd, 6, 4, 0.04, 0), 400, rnd).p() < 0.05) {
                falseAlarms++;
            }
            AverageEffect planted = AverageEffect.of(type(rnd, 6, 8, 0.02, -0.02), 400, rnd);
            if (planted.p() < 0.05 && planted.mean() < 0) {
                found++;
            }
        }
        // 5 % expected (15 of 300, sd about 4); the t reference with cases - 1 df errs on the quiet side.
        assertTrue(falseAlarms <= 27, "A/A false alarms " + falseAlarms + "/" + runs);
        assertTrue(found >= 0.9 * runs, "planted -2 % found " + found + "/" + runs);
    }

    @Test
    void theDetectableEffectComesFromTheRunsOwnSpread() {
        SplittableRandom rnd = new SplittableRandom(3);
        AverageEffect quiet = AverageEffect.of(type(rnd, 6, 8, 0.01, 0));
        AverageEffect noisy = AverageEffect.of(type(rnd, 6, 8, 0.04, 0));
        double q = quiet.detectable(0.05, 0.8);
        double n = noisy.detectable(0.05, 0.8);
        // se about sd / sqrt(48); multiplier t(5): 2.571 + 0.920
        assertTrue(q > 0.002 && q < 0.009, "quiet MDE " + q);
        assertTrue(n > 3 * q, "noisy MDE " + n + " vs quiet " + q);
    }

    @Test
    void theIntervalOfFewWidelySpreadCasesStaysAboveMinus100Percent() {
        // Two cases, one B at a third of A, one B 1.5x A: t(1) = 12.7 times the bootstrap SE would put a linear
        // interval far below -100 %, a bandwidth below zero. On the log scale it stays above.
        AverageEffect e = AverageEffect.of(List.of(new double[] {Math.log(0.30), Math.log(0.36)},
                new double[] {Math.log(1.45), Math.log(1.55)}));
        assertTrue(e.low() > -1 && e.low() < e.mean() && e.mean() < e.high(),
                e.toString());
        assertTrue(e.mean() - 12.7 * e.se() < -1, "the linear interval would cross -100 %: " + e);
        // Close to 0 the two scales agree: a 1 % spread gives an interval symmetric to within a hundredth of it.
        AverageEffect small = AverageEffect.of(List.of(new double[] {0.010, 0.012}, new double[] {0.008, 0.011},
                new double[] {0.009, 0.013}));
        double up = small.high() - small.mean();
        double down = small.mean() - small.low();
        assertEquals(up, down, 0.01 * up, small.toString());
    }
}
