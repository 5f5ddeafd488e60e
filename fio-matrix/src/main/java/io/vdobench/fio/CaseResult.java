package io.vdobench.fio;

import java.util.Arrays;
import java.util.Objects;

/**
 * The bandwidth one policy reached on one case, from fio JSON or from the JMH benches.
 *
 * @param matrixCase the case
 * @param policy     e.g. {@code lz4}, {@code iaa}
 * @param bwBytes    bandwidth in bytes per second (fio {@code bw_bytes}); the mean of the samples when
 *                   there are any
 * @param samples    per-iteration (or per-repeat) bandwidths in bytes/s; empty when only one value exists
 */
public record CaseResult(MatrixCase matrixCase, String policy, double bwBytes, double[] samples) {
    public CaseResult {
        Objects.requireNonNull(matrixCase, "matrixCase");
        Objects.requireNonNull(policy, "policy");
        if (policy.isBlank()) {
            throw new IllegalArgumentException("policy name is blank");
        }
        if (!(bwBytes > 0) || Double.isInfinite(bwBytes)) {
            throw new IllegalArgumentException("case " + matrixCase.id() + " policy " + policy
                    + ": bandwidth must be a positive finite number of bytes/s, got " + bwBytes);
        }
        samples = samples == null ? new double[0] : samples.clone();
        for (double s : samples) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("case " + matrixCase.id() + " policy " + policy
                        + ": sample " + s + " is not a finite non-negative bandwidth");
            }
        }
    }

    /** A single measurement without repeats. */
    public static CaseResult of(MatrixCase c, String policy, double bwBytes) {
        return new CaseResult(c, policy, bwBytes, new double[0]);
    }

    /** Repeated measurements; the case's bandwidth is their mean. */
    public static CaseResult ofSamples(MatrixCase c, String policy, double... samples) {
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException("case " + c.id() + " policy " + policy + ": no samples");
        }
        return new CaseResult(c, policy, Arrays.stream(samples).average().orElseThrow(), samples);
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    int sampleCount() {
        return samples.length;
    }

    double sample(int i) {
        return samples[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseResult r && r.matrixCase.equals(matrixCase) && r.policy.equals(policy)
                && Double.compare(r.bwBytes, bwBytes) == 0 && Arrays.equals(r.samples, samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(matrixCase, policy, bwBytes, Arrays.hashCode(samples));
    }

    @Override
    public String toString() {
        return "CaseResult[" + matrixCase.id() + ", " + policy + ", " + bwBytes + " B/s, " + samples.length
                + " samples]";
    }
}
