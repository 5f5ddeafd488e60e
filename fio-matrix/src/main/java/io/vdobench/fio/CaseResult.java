package io.vdobench.fio;

import io.vdobench.vdo.ThreadLoad;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One matrix case run under one policy: a row of {@code results.csv} (see reports/SCHEMA.md), with the
 * per-fork (or per-repeat) bandwidths the paired comparison needs ({@link PolicyComparison}).
 *
 * @param matrixCase              the case: I/O type, bytes per I/O (4096 .. 131072) and concurrent submitters
 * @param policy                  the compression policy compared, e.g. {@code lz4}, {@code iaa}
 * @param codec                   codec id that policy used, e.g. {@code qpl:path=software,huffman=fixed}
 * @param executedPath            the path that actually ran ({@code software}, {@code hardware}, {@code jni} …); never
 *                                {@code hardware} unless an accelerator did the work
 * @param mbPerS                  bandwidth in MB/s, decimal (10^6 bytes per second)
 * @param mbPerSError             half-width of the interval around {@code mbPerS} (JMH: 99.9 %); NaN if unknown
 * @param opsPerS                 I/Os per second; NaN if not measured
 * @param p50Us                   median completion latency, µs; NaN if not measured
 * @param p99Us                   99th percentile, µs
 * @param p999Us                  99.9th percentile, µs
 * @param compressionRatio        logical bytes / compressed bytes written; NaN for reads or unknown
 * @param spaceSavingPct          100 · (1 − physical blocks / logical blocks); NaN if unknown
 * @param fragmentsPerPackedBlock mean fragments in each packed 4 KiB block; NaN if unknown
 * @param fallbacks               counts per fallback reason (e.g. unavailable, not_compressible, error)
 * @param source                  engine that produced the row: {@code jmh} or {@code fio}
 * @param threads                 each dm-vdo thread's busy share and queue depth over the measured part, in the
 *                                volume's thread order; empty when the volume ran inline or nothing was recorded
 * @param samples                 bandwidth of each fork (JMH) or repeat (fio), bytes/s, in pair order: the i-th
 *                                sample of A and the i-th of B ran next to each other. Empty when the case has no
 *                                pairs (one value, or runs that were not interleaved); not a column of results.csv
 */
public record CaseResult(MatrixCase matrixCase, String policy, String codec, String executedPath,
                         double mbPerS, double mbPerSError, double opsPerS, double p50Us, double p99Us, double p999Us,
                         double compressionRatio, double spaceSavingPct, double fragmentsPerPackedBlock,
                         Map<String, Long> fallbacks, String source, List<ThreadLoad> threads, double[] samples) {

    /** A row without thread loads or samples (inline, or an engine that does not record them). */
    public CaseResult(MatrixCase matrixCase, String policy, String codec, String executedPath,
                      double mbPerS, double mbPerSError, double opsPerS, double p50Us, double p99Us, double p999Us,
                      double compressionRatio, double spaceSavingPct, double fragmentsPerPackedBlock,
                      Map<String, Long> fallbacks, String source) {
        this(matrixCase, policy, codec, executedPath, mbPerS, mbPerSError, opsPerS, p50Us, p99Us, p999Us,
                compressionRatio, spaceSavingPct, fragmentsPerPackedBlock, fallbacks, source, List.of(), null);
    }

    public CaseResult {
        Objects.requireNonNull(matrixCase, "matrixCase");
        Objects.requireNonNull(policy, "policy");
        codec = codec == null ? "" : codec;
        executedPath = executedPath == null || executedPath.isEmpty() ? "unknown" : executedPath;
        fallbacks = fallbacks == null ? Map.of() : Map.copyOf(new TreeMap<>(fallbacks));
        source = source == null || source.isEmpty() ? "unknown" : source;
        threads = threads == null ? List.of() : List.copyOf(threads);
        samples = samples == null ? new double[0] : samples.clone();
        for (double s : samples) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("case " + matrixCase.id() + " policy " + policy
                        + ": sample " + s + " is not a finite non-negative bandwidth");
            }
        }
    }

    /** A bandwidth alone (bytes/s), e.g. from fio JSON: the statistics' input, the other columns unknown. */
    public static CaseResult of(MatrixCase c, String policy, double bwBytes) {
        return bandwidth(c, policy, bwBytes, new double[0]);
    }

    /** Repeated measurements (bytes/s, in pair order); the case's bandwidth is their mean. */
    public static CaseResult ofSamples(MatrixCase c, String policy, double... samples) {
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException("case " + c.id() + " policy " + policy + ": no samples");
        }
        return bandwidth(c, policy, Arrays.stream(samples).average().orElseThrow(), samples);
    }

    private static CaseResult bandwidth(MatrixCase c, String policy, double bwBytes, double[] samples) {
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("case " + c.id() + ": policy name is blank");
        }
        requirePositive(c, policy, bwBytes);
        return new CaseResult(c, policy, "", "unknown", bwBytes / 1e6, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), "unknown", List.of(), samples);
    }

    static void requirePositive(MatrixCase c, String policy, double bwBytes) {
        if (!(bwBytes > 0) || Double.isInfinite(bwBytes)) {
            throw new IllegalArgumentException("case " + c.id() + " policy " + policy
                    + ": bandwidth must be a positive finite number of bytes/s, got " + bwBytes);
        }
    }

    /** Bandwidth in bytes/s: the mean of the samples when there are any, else {@code mbPerS}. */
    public double bwBytes() {
        return samples.length > 0 ? Arrays.stream(samples).average().orElseThrow() : mbPerS * 1e6;
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    int sampleCount() {
        return samples.length;
    }

    /** The same row with these thread loads. */
    public CaseResult withThreads(List<ThreadLoad> loads) {
        return with(policy, mbPerS, opsPerS, loads, samples);
    }

    /** The same row with these per-fork (per-repeat) bandwidths, bytes/s, in pair order. */
    public CaseResult withSamples(double... bytesPerS) {
        return with(policy, mbPerS, opsPerS, threads, bytesPerS);
    }

    /** The same row under another policy label (the report compares runs as if they were policies). */
    public CaseResult withPolicy(String label) {
        return with(label, mbPerS, opsPerS, threads, samples);
    }

    /**
     * The same row at another bandwidth, bytes/s (e.g. the mean of a case's repeats), its IOPS scaled with it;
     * every other column (latencies, volume facts, thread loads, samples) kept.
     */
    public CaseResult withBandwidth(double bwBytes) {
        double ops = mbPerS > 0 ? opsPerS * (bwBytes / 1e6) / mbPerS : opsPerS;
        return with(policy, bwBytes / 1e6, ops, threads, samples);
    }

    /** The one copy every {@code with…} goes through, so that none of them can drop a column. */
    private CaseResult with(String label, double mbs, double ops, List<ThreadLoad> loads, double[] bytesPerS) {
        return new CaseResult(matrixCase, label, codec, executedPath, mbs, mbPerSError, ops, p50Us, p99Us, p999Us,
                compressionRatio, spaceSavingPct, fragmentsPerPackedBlock, fallbacks, source, loads, bytesPerS);
    }

    /** The busiest thread over the measured part (e.g. {@code cpuQ 98 % busy}), or null without threads. */
    public ThreadLoad bottleneck() {
        return ThreadLoad.busiest(threads);
    }

    /** Sum of all fallback counts. */
    public long fallbackTotal() {
        return fallbacks.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseResult r && r.matrixCase.equals(matrixCase) && r.policy.equals(policy)
                && r.codec.equals(codec) && r.executedPath.equals(executedPath)
                && Double.compare(r.mbPerS, mbPerS) == 0 && Double.compare(r.mbPerSError, mbPerSError) == 0
                && Double.compare(r.opsPerS, opsPerS) == 0 && Double.compare(r.p50Us, p50Us) == 0
                && Double.compare(r.p99Us, p99Us) == 0 && Double.compare(r.p999Us, p999Us) == 0
                && Double.compare(r.compressionRatio, compressionRatio) == 0
                && Double.compare(r.spaceSavingPct, spaceSavingPct) == 0
                && Double.compare(r.fragmentsPerPackedBlock, fragmentsPerPackedBlock) == 0
                && r.fallbacks.equals(fallbacks) && r.source.equals(source) && r.threads.equals(threads)
                && Arrays.equals(r.samples, samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(matrixCase, policy, codec, executedPath, mbPerS, mbPerSError, opsPerS, p50Us, p99Us,
                p999Us, compressionRatio, spaceSavingPct, fragmentsPerPackedBlock, fallbacks, source, threads,
                Arrays.hashCode(samples));
    }

    @Override
    public String toString() {
        return "CaseResult[" + matrixCase.id() + ", " + policy + ", " + codec + " (" + executedPath + "), " + mbPerS
                + " MB/s, " + samples.length + " samples, " + source + "]";
    }
}
