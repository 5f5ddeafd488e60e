package io.vdobench.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class HeatScaleTest {
    @Test
    void zeroIsNeutralAndTheEndsAreBlueAndRed() {
        HeatScale s = new HeatScale(10);
        assertEquals("#f7f7f7", s.background(0));
        assertEquals("#2166ac", s.background(10));
        assertEquals("#b2182b", s.background(-10));
        assertEquals("#2166ac", s.background(55), "saturates beyond the limit");
        assertEquals("#d9d9d9", s.background(Double.NaN), "missing case is grey");
    }

    @Test
    void limitIsARoundNumberCoveringTheData() {
        assertEquals(5, HeatScale.forValues(List.of(0.4, -1.2)).limit(), "at least 5 %");
        assertEquals(10, HeatScale.forValues(List.of(5.97, -7.0)).limit());
        assertEquals(20, HeatScale.forValues(List.of(12.0, Double.NaN)).limit());
        assertEquals(50, HeatScale.forValues(List.of(-31.0)).limit());
        assertEquals(5, HeatScale.forValues(List.of()).limit());
        assertThrows(IllegalArgumentException.class, () -> new HeatScale(0));
    }

    @Test
    void textStaysReadable() {
        HeatScale s = new HeatScale(10);
        assertEquals("#000000", s.foreground(0.5));
        assertEquals("#ffffff", s.foreground(10));
        assertEquals("#ffffff", s.foreground(-10));
    }

    @Property(tries = 200)
    void symmetricIntensityAndMonotone(@ForAll @DoubleRange(min = 0, max = 20) double a, @ForAll @DoubleRange(min = 0, max = 20) double b) {
        HeatScale s = new HeatScale(20);
        // Same magnitude → same distance from neutral on both sides.
        assertEquals(distance(s.background(a)), distance(s.background(-a)), 0.01);
        if (a < b) {
            assertTrue(distance(s.background(a)) <= distance(s.background(b)) + 1e-9);
        }
        if (a > 0.5) {
            assertNotEquals(s.background(a), s.background(-a), "gain and loss must not look alike");
        }
    }

    /** How far along its side of the scale a colour is: 0 at neutral, 1 at the end colour. */
    static double distance(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        boolean gain = b >= r;
        return gain ? (0xf7 - r) / (double) (0xf7 - 0x21) : (0xf7 - g) / (double) (0xf7 - 0x18);
    }
}
