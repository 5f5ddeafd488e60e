package io.vdobench.stats;

import java.util.Arrays;
import java.util.Collection;

/** The median every summary, the gate and the model report take: the middle value, or the mean of the two middle ones. */
public final class Median {
    private Median() {
    }

    /**
     * The median of {@code v} (not modified), NaN when it is empty. A NaN in {@code v} sorts above every
     * number ({@link Arrays#sort(double[])}), so it moves the median up by one place instead of hiding it.
     */
    public static double of(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@link #of(double[])} of a collection's values. */
    public static double of(Collection<Double> v) {
        return of(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
