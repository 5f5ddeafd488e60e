package io.vdobench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

    @Test
    void knownAnswerOnTwoPairs() {
        // log ratios 0.1 and 0.3: mean 0.2, sd sqrt(0.02), se 0.1; t(1) = 2 -> p = 1 - 2 atan(2) / pi.
        double[] a = {100, 100};
        double[] b = {100 * Math.exp(0.1), 100 * Math.exp(0.3)};
        PairedRatio r = PairedRatio.of(a, b);
        assertEquals(2, r.pairs());
        assertEquals(Math.expm1(0.2), r.change(), 1e-12);
        assertEquals(0.1, r.se(), 1e-12);
        assertEquals(1 - 2 * Math.atan(2) / Math.PI, r.p(), 1e-9);
        double t975 = 12.706204736174705; // t(1) quantile
        assertEquals(Math.expm1(0.2 - t975 * 0.1), r.low(), 1e-6);
        assertEquals(Math.expm1(0.2 + t975 * 0.1), r.high(), 1e-6);
        // t(1): 0.975 and 0.8 quantiles, tan(pi (q - 1/2)).
        assertEquals(Math.expm1((t975 + Math.tan(Math.PI * 0.3)) * 0.1), r.detectable(0.05, 0.8), 1e-6);
    }

    @Test
    void onePairHasNoIntervalAndConstantRatiosAreExact() {
        PairedRatio one = PairedRatio.of(new double[] {100}, new double[] {110});
        assertFalse(one.judged());
        assertEquals(0.1, one.change(), 1e-12);
        assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.p()) && Double.isNaN(one.detectable(0.05, 0.8)));
        PairedRatio exact = PairedRatio.of(new double[] {100, 200, 50}, new double[] {110, 220, 55});
        assertEquals(0.1, exact.change(), 1e-12);
        assertEquals(0.0, exact.p(), 1e-12);
        assertEquals(0.1, exact.low(), 1e-12);
        PairedRatio same = PairedRatio.of(new double[] {100, 200}, new double[] {100, 200});
        assertEquals(1.0, same.p());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1}, new double[] {Double.NaN}));
    }

    /** Forks drifting together by +-10 % (as this VM does) plus 3 % noise each; B = A x (1 + shift). */
    static double[][] drifting(SplittableRandom rnd, int pairs, double shift) {
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double machine = 1 + 0.10 * (2 * rnd.nextDouble() - 1);
            a[i] = 1000 * machine * (1 + 0.03 * rnd.nextGaussian());
            b[i] = 1000 * machine * (1 + shift) * (1 + 0.03 * rnd.nextGaussian());
        }
        return new double[][] {a, b};
    }

    @Test
    void aaFlagsAtTheStatedRateAndPlantedShiftsAreFound() {
        SplittableRandom rnd = new SplittableRandom(42);
        int runs = 2000;
        int falseAlarms = 0;
        int found = 0;
        double mdeSum = 0;
        for (int i = 0; i < runs; i++) {
            double[][] aa = drifting(rnd, 8, 0);
            PairedRatio r = PairedRatio.of(aa[0], aa[1]);
            if (r.p() < 0.05) {
                falseAlarms++;
            }
            mdeSum += r.detectable(0.05, 0.8);
            double[][] ab = drifting(rnd, 8, -0.06);
            PairedRatio s = PairedRatio.of(ab[0], ab[1]);
            if (s.p() < 0.05 && s.change() < 0) {
                found++;
            }
        }
        // 5 % expected: 100 of 2000, binomial sd about 10.
        assertTrue(falseAlarms >= 65 && falseAlarms <= 135, "A/A false alarms " + falseAlarms + "/" + runs);
        // 4.2 % noise per pair ratio over 8 pairs: the MDE is about 5 %, so a 6 % shift is found most times.
        double mde = mdeSum / runs;
        assertTrue(mde > 0.035 && mde < 0.065, "MDE " + mde);
        assertTrue(found > 0.85 * runs, "planted -6 % found " + found + "/" + runs);
    }

    @Test
    void aShiftOfTheDetectableSizeIsFoundAboutFourTimesInFive() {
        SplittableRandom rnd = new SplittableRandom(7);
        double mde = 0;
        for (int i = 0; i < 500; i++) {
            double[][] aa = drifting(rnd, 10, 0);
            mde += PairedRatio.of(aa[0], aa[1]).detectable(0.05, 0.8) / 500;
        }
        int found = 0;
        int runs = 2000;
        for (int i = 0; i < runs; i++) {
            double[][] ab = drifting(rnd, 10, mde);
            PairedRatio r = PairedRatio.of(ab[0], ab[1]);
            if (r.p() < 0.05 && r.change() > 0) {
                found++;
            }
        }
        assertTrue(found > 0.70 * runs && found < 0.90 * runs, "power at the MDE " + found + "/" + runs);
    }

    @Test
    void oneSidedPIsHalfTheTwoSidedOneOnTheObservedSideAndItsMdeHoldsPower() {
        double[] a = {100, 102, 98, 101, 99, 100};
        double[] b = {95, 98, 94, 97, 93, 96};
        PairedRatio r = PairedRatio.of(a, b);
        assertEquals(r.p() / 2, r.pBelow(), 1e-12);
        PairedRatio up = PairedRatio.of(b, a);
        assertEquals(1 - up.p() / 2, up.pBelow(), 1e-12);
        SplittableRandom rnd = new SplittableRandom(11);
        double mde = 0;
        for (int i = 0; i < 500; i++) {
            double[][] aa = drifting(rnd, 10, 0);
            mde += PairedRatio.of(aa[0], aa[1]).detectableOneSided(0.01, 0.8) / 500;
        }
        int found = 0;
        int runs = 2000;
        for (int i = 0; i < runs; i++) {
            double[][] ab = drifting(rnd, 10, -mde);
            found += PairedRatio.of(ab[0], ab[1]).pBelow() < 0.01 ? 1 : 0;
        }
        assertTrue(found > 0.70 * runs && found < 0.90 * runs, "one-sided power at its MDE " + found + "/" + runs);
    }
}
