package io.vdobench.fio;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One of fio's latency blocks ({@code slat_ns}, {@code clat_ns}, {@code lat_ns}), nanoseconds.
 *
 * @param percentiles percentile (e.g. 99.0) → value in ns; fio writes the keys as
 *                    {@code "99.000000"} ({@link #key(double)}); empty where fio gives none
 *                    ({@code lat_ns}, {@code slat_ns}) or where jobs were merged
 */
public record LatencyStats(long min, long max, double mean, double stddev, long n,
                           NavigableMap<Double, Long> percentiles) {
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, new TreeMap<>());

    public LatencyStats {
        percentiles = Collections.unmodifiableNavigableMap(new TreeMap<>(percentiles));
    }

    /** fio's default {@code percentile_list}. */
    public static final double[] FIO_DEFAULT_PERCENTILES = {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9,
        99.95, 99.99};

    /**
     * Stats of a latency histogram recorded in nanoseconds (e.g. per-block latencies of a JMH bench),
     * with fio's default percentiles, so they can be written in fio's shape. Mean and stddev are the
     * histogram's (within its precision); stddev uses fio's divisor N-1.
     */
    public static LatencyStats ofHistogram(org.HdrHistogram.AbstractHistogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return EMPTY;
        }
        TreeMap<Double, Long> p = new TreeMap<>();
        for (double q : FIO_DEFAULT_PERCENTILES) {
            p.put(q, h.getValueAtPercentile(q));
        }
        double sd = h.getStdDeviation();
        double sampleSd = n > 1 ? sd * Math.sqrt((double) n / (n - 1)) : 0;
        return new LatencyStats(h.getMinValue(), h.getMaxValue(), h.getMean(), sampleSd, n, p);
    }

    /** fio's JSON key for a percentile: six decimals, e.g. 99.9 → "99.900000". */
    public static String key(double percentile) {
        return String.format(Locale.ROOT, "%.6f", percentile);
    }

    public OptionalLong percentile(double p) {
        Long v = percentiles.get(p);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * Pools the stats of several jobs: exact for min, max, mean, stddev and N; percentiles cannot
     * be pooled from fio's summary and are dropped (use {@code group_reporting} to get them).
     */
    public static LatencyStats pool(java.util.List<LatencyStats> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        long n = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double sum = 0;
        double sumSq = 0;
        for (LatencyStats s : parts) {
            if (s.n == 0) {
                continue;
            }
            n += s.n;
            min = Math.min(min, s.min);
            max = Math.max(max, s.max);
            sum += s.mean * s.n;
            // fio reports the sample stddev (divisor N-1): sum of squares = var*(N-1) + N*mean^2
            sumSq += s.stddev * s.stddev * (s.n - 1) + s.n * s.mean * s.mean;
        }
        if (n == 0) {
            return EMPTY;
        }
        double mean = sum / n;
        double var = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
        return new LatencyStats(min, max, mean, Math.sqrt(var), n, new TreeMap<>());
    }
}
