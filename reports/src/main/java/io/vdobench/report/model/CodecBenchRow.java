package io.vdobench.report.model;

/**
 * One codec × block size × data kind from the codec bench ({@code codec-bench.csv}, the same columns
 * {@code CodecBenchMain --summary} writes, or read straight from CodecBench's JMH JSON).
 *
 * @param codec              codec id, e.g. {@code zlib:impl=jdk,level=6}
 * @param blockSize          bytes per call
 * @param data               data kind, e.g. {@code FIO60}
 * @param compressMbS        MB/s (10^6 B/s of uncompressed data) through compress; NaN if not run
 * @param compressMbSError   its error; NaN if unknown
 * @param decompressMbS      MB/s of uncompressed data produced by decompress; NaN if not run
 * @param decompressMbSError its error
 * @param ratio              uncompressed / compressed bytes (a block that does not fit counts whole)
 * @param executedPath       the path that ran, "" if the file did not say
 */
public record CodecBenchRow(String codec, int blockSize, String data, double compressMbS, double compressMbSError,
                            double decompressMbS, double decompressMbSError, double ratio, String executedPath) {
    public CodecBenchRow {
        executedPath = executedPath == null ? "" : executedPath;
    }
}
