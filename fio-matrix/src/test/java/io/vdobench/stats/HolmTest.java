package io.vdobench.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HolmTest {
    @Test
    void stepDownByHand() {
        // sorted 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> kept monotone: 0.06
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}),
                1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.7}), 1e-12);
    }

    @Test
    void nanIsNoTest() {
        double[] a = Holm.adjust(new double[] {Double.NaN, 0.02, 0.01});
        assertTrue(Double.isNaN(a[0]));
        assertEquals(0.02, a[1], 1e-12);
        assertEquals(0.02, a[2], 1e-12);
        assertEquals(0, Holm.adjust(new double[0]).length);
    }
}
