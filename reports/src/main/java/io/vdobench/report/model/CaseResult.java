package io.vdobench.report.model;

import io.vdobench.fio.MatrixCase;
import io.vdobench.vdo.ThreadLoad;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One matrix case run under one policy: a row of {@code results.csv} (see reports/SCHEMA.md).
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
 */
public record CaseResult(MatrixCase matrixCase, String policy, String codec, String executedPath,
                         double mbPerS, double mbPerSError, double opsPerS, double p50Us, double p99Us, double p999Us,
                         double compressionRatio, double spaceSavingPct, double fragmentsPerPackedBlock,
                         Map<String, Long> fallbacks, String source, List<ThreadLoad> threads) {

    /** A row without thread loads (inline, or an engine that does not record them). */
    public CaseResult(MatrixCase matrixCase, String policy, String codec, String executedPath,
                      double mbPerS, double mbPerSError, double opsPerS, double p50Us, double p99Us, double p999Us,
                      double compressionRatio, double spaceSavingPct, double fragmentsPerPackedBlock,
                      Map<String, Long> fallbacks, String source) {
        this(matrixCase, policy, codec, executedPath, mbPerS, mbPerSError, opsPerS, p50Us, p99Us, p999Us,
                compressionRatio, spaceSavingPct, fragmentsPerPackedBlock, fallbacks, source, List.of());
    }

    public CaseResult {
        Objects.requireNonNull(matrixCase);
        Objects.requireNonNull(policy);
        codec = codec == null ? "" : codec;
        executedPath = executedPath == null || executedPath.isEmpty() ? "unknown" : executedPath;
        fallbacks = fallbacks == null ? Map.of() : Map.copyOf(new TreeMap<>(fallbacks));
        source = source == null || source.isEmpty() ? "unknown" : source;
        threads = threads == null ? List.of() : List.copyOf(threads);
    }

    /** The same row with these thread loads. */
    public CaseResult withThreads(List<ThreadLoad> loads) {
        return new CaseResult(matrixCase, policy, codec, executedPath, mbPerS, mbPerSError, opsPerS, p50Us,
                p99Us, p999Us, compressionRatio, spaceSavingPct, fragmentsPerPackedBlock, fallbacks, source, loads);
    }

    /** The same row under another policy label (the report compares runs as if they were policies). */
    public CaseResult withPolicy(String label) {
        return new CaseResult(matrixCase, label, codec, executedPath, mbPerS, mbPerSError, opsPerS, p50Us, p99Us,
                p999Us, compressionRatio, spaceSavingPct, fragmentsPerPackedBlock, fallbacks, source, threads);
    }

    /** The busiest thread over the measured part (e.g. {@code cpuQ 98 % busy}), or null without threads. */
    public ThreadLoad bottleneck() {
        return ThreadLoad.busiest(threads);
    }

    /** Sum of all fallback counts. */
    public long fallbackTotal() {
        return fallbacks.values().stream().mapToLong(Long::longValue).sum();
    }
}
