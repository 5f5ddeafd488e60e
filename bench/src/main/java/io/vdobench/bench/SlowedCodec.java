package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.PlantedSlowdownCodec;

/**
 * Test-only knob that proves the regression gate works: wraps a codec in a {@link PlantedSlowdownCodec}
 * that does every {@code round(1 / fraction)}-th call (compress and decompress) twice, so the codec does
 * exactly that fraction more of its own work. Enabled by {@code -Dvdobench.slowdown=0.10} (optionally
 * {@code -Dvdobench.slowdown.codec=<id prefix>}); never active otherwise.
 */
final class SlowedCodec {
    private SlowedCodec() {
    }

    /** {@code codec}, slowed if the system properties ask for it. */
    static Codec maybeSlow(Codec codec) {
        String f = System.getProperty("vdobench.slowdown");
        if (f == null || f.isBlank()) {
            return codec;
        }
        String only = System.getProperty("vdobench.slowdown.codec", "");
        if (!codec.id().startsWith(only)) {
            return codec;
        }
        double fraction = Double.parseDouble(f);
        if (!(fraction >= 0.01 && fraction <= 1)) {
            throw new IllegalArgumentException("vdobench.slowdown must be in [0.01, 1], got " + f);
        }
        int period = PlantedSlowdownCodec.periodOf(fraction);
        System.out.printf("# TEST KNOB: %s does every %d-th call twice (%.1f%% more work)%n", codec.id(), period,
                100.0 / period);
        return new PlantedSlowdownCodec(codec, period, true, true);
    }
}
