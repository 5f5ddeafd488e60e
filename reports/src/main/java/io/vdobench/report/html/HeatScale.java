package io.vdobench.report.html;

import java.util.Collection;
import java.util.Locale;

/**
 * Diverging colour scale for "% change of B against A": white at 0, blue for gains, red for losses
 * (ColorBrewer RdBu ends, readable with red–green colour blindness), symmetric around 0 and
 * saturating at ±{@link #limit()}. The limit is a round number just above the largest magnitude,
 * so the same colour means the same change everywhere on one map.
 */
public final class HeatScale {
    static final int[] NEUTRAL = {0xf7, 0xf7, 0xf7};
    static final int[] GAIN = {0x21, 0x66, 0xac};
    static final int[] LOSS = {0xb2, 0x18, 0x2b};
    static final String MISSING = "#d9d9d9";
    private static final double[] STEPS = {1, 2, 5, 10, 20, 30, 50, 100, 200, 500, 1000};

    private final double limit;

    public HeatScale(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit must be positive and finite: " + limit);
        }
        this.limit = limit;
    }

    /** The smallest round limit (at least 5 %) covering every finite value. */
    public static HeatScale forValues(Collection<Double> values) {
        double max = values.stream().filter(v -> !Double.isNaN(v) && !Double.isInfinite(v))
                .mapToDouble(Math::abs).max().orElse(0);
        for (double s : STEPS) {
            if (s >= 5 && s >= max) {
                return new HeatScale(s);
            }
        }
        return new HeatScale(Math.ceil(max / 1000) * 1000);
    }

    public double limit() {
        return limit;
    }

    /** Background colour, {@code #rrggbb}; grey for NaN (case missing in one policy). */
    public String background(double pct) {
        if (Double.isNaN(pct)) {
            return MISSING;
        }
        double t = Math.min(1.0, Math.abs(pct) / limit);
        int[] end = pct >= 0 ? GAIN : LOSS;
        int[] c = new int[3];
        for (int i = 0; i < 3; i++) {
            c[i] = (int) Math.round(NEUTRAL[i] + (end[i] - NEUTRAL[i]) * t);
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", c[0], c[1], c[2]);
    }

    /** Black or white text, whichever reads better on {@link #background}. */
    public String foreground(double pct) {
        String bg = background(pct);
        int r = Integer.parseInt(bg.substring(1, 3), 16);
        int g = Integer.parseInt(bg.substring(3, 5), 16);
        int b = Integer.parseInt(bg.substring(5, 7), 16);
        double luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
        return luminance < 0.55 ? "#ffffff" : "#000000";
    }
}
