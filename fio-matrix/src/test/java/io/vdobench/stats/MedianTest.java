package io.vdobench.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void oddTakesTheMiddleEvenTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.0, Median.of(new double[] {3, 1, 2}));
        assertEquals(2.5, Median.of(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, Median.of(new double[] {7}));
        assertEquals(2.5, Median.of(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    @Test
    void leavesItsInputAloneAndIsNaNWhenEmpty() {
        double[] v = {3, 1, 2};
        Median.of(v);
        assertArrayEquals(new double[] {3, 1, 2}, v);
        assertTrue(Double.isNaN(Median.of(new double[0])));
        assertTrue(Double.isNaN(Median.of(List.of())));
    }

    @Test
    void aNaNSortsAboveEveryNumber() {
        assertEquals(2.0, Median.of(new double[] {Double.NaN, 1, 2}));
        assertTrue(Double.isNaN(Median.of(new double[] {Double.NaN, 1})));
    }
}
