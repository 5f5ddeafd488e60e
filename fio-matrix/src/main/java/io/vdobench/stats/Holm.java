package io.vdobench.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction for several comparisons read together (the I/O types of one summary, the
 * cases of one type): it keeps the chance of any false "faster"/"slower" among them under alpha, with
 * no assumption about how they depend on each other.
 */
public final class Holm {
    private Holm() {
    }

    /**
     * Holm-adjusted p-values, in the input's order (compare each with alpha). NaN entries (comparisons
     * without a test) are left NaN and do not count as tests.
     */
    public static double[] adjust(double[] p) {
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int k = 0; k < m; k++) {
            running = Math.max(running, Math.min(1.0, (m - k) * p[order[k]]));
            out[order[k]] = running;
        }
        return out;
    }
}
