package io.vdobench.report.model;

import io.vdobench.fio.MatrixCase;

/**
 * An interval around one case's bandwidth for one policy, as a plain input to the charts: whoever computed it
 * (the matrix's own estimate, or a paired comparison of interleaved forks) says how in {@code method}. Both ends
 * are bandwidths, so they are never below zero.
 *
 * @param low        lower end, MB/s (10^6 B/s), ≥ 0
 * @param high       upper end, MB/s, ≥ low
 * @param confidence the interval's coverage, e.g. 0.95
 * @param method     what the interval is, in words, e.g. "t on log MB/s over 3 iterations of 1 fork"
 */
public record BandwidthInterval(MatrixCase matrixCase, String policy, double low, double high, double confidence,
                                String method) {
    public BandwidthInterval {
        if (!(low >= 0) || !(high >= low)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] MB/s: need 0 <= low <= high");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + ": need 0 < confidence < 1");
        }
    }
}
