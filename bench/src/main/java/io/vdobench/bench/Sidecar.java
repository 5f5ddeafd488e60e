package io.vdobench.bench;

import io.vdobench.fio.VolumeFacts;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.fio.LatencyStats;
import io.vdobench.vdo.ThreadLoad;
import io.vdobench.vdo.ThreadStatistics;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.policy.FallbackReason;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What JMH cannot carry for one trial (case × policy × threads): the volume's statistics, the
 * derived compression figures, the executed codec path, the merged latency histogram and the
 * verification counts. Written as {@code <dir>/<key>.json}; {@link #key} names it from the
 * benchmark, its params and the thread count, so the result assembler can join it to JMH's JSON.
 */
record Sidecar(String benchmark, String pattern, int blockSize, String policy, int regionMiB, int threads,
               Codec codec, VdoStatistics stats, VdoStatistics afterPopulate, Histogram latency,
               long readBlocksVerified, int writeSamplesVerified, long populateNanos, MeasuredWindow measured) {

    static final int VERSION = 1;

    /** The side file's name (without .json): benchmark method, pattern, bs, policy, region, threads. */
    static String key(String benchmark, String pattern, int blockSize, String policy, int regionMiB, int threads) {
        String method = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        return (method + "-" + pattern + "-" + blockSize + "-" + policy + "-r" + regionMiB + "-t" + threads)
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static void write(Path dir, Sidecar s) {
        SideFiles.write(dir, key(s.benchmark, s.pattern, s.blockSize, s.policy, s.regionMiB, s.threads), s.toJson(),
                "side file");
    }

    ObjectNode toJson() {
        ObjectNode o = SideFiles.MAPPER.createObjectNode();
        o.put("version", VERSION);
        o.put("benchmark", benchmark);
        o.put("pattern", pattern);
        o.put("block_size", blockSize);
        o.put("policy", policy);
        o.put("region_mib", regionMiB);
        o.put("threads", threads);
        o.put("metadata", PipelineVolume.metadataOnDevice() ? "device" : "memory only");
        CodecInfo info = codec.info();
        ObjectNode c = o.putObject("codec");
        c.put("id", info.id());
        c.put("path", info.path().label());
        c.put("library", info.library());
        c.put("version", info.version());
        c.put("available", info.available());
        o.put("executed_path", VolumeFacts.executedPath(info, stats.fragmentsByAlgorithmPath()));
        ObjectNode f = o.putObject("fragments_by_algorithm_path");
        stats.fragmentsByAlgorithmPath().forEach(f::put);
        // Writes: what the measured writes did. Over the whole trial the trial-end flush would count
        // too: with threads it writes the backlog of earlier generations uncompressed, as dm-vdo's would.
        boolean window = measured != null && pattern.contains("write") && !Double.isNaN(measured.compressionRatio());
        o.put("compression_ratio", window ? measured.compressionRatio() : compressionRatio(stats));
        o.put("space_saving_pct", stats.savingPercent());
        o.put("fragments_per_packed_block", window ? measured.fragmentsPerPackedBlock()
                : stats.packedBlocksWritten() == 0 ? Double.NaN
                : (double) stats.compressedFragmentsWritten() / stats.packedBlocksWritten());
        o.put("compression_figures_from", window ? "measured" : "trial");
        ObjectNode fb = o.putObject("fallbacks");
        for (FallbackReason r : FallbackReason.values()) {
            fb.put(VolumeFacts.fallbackColumn(r), stats.fallbacks().getOrDefault(r, 0L));
        }
        ObjectNode st = o.putObject("statistics");
        statistics(st, stats);
        statistics(o.putObject("statistics_after_populate"), afterPopulate);
        ObjectNode lat = o.putObject("latency_ns");
        LatencyStats ls = LatencyStats.ofHistogram(latency);
        lat.put("N", ls.n());
        lat.put("min", ls.min());
        lat.put("max", ls.max());
        lat.put("mean", ls.mean());
        lat.put("stddev", ls.stddev());
        ObjectNode pct = lat.putObject("percentile");
        ls.percentiles().forEach((k, v) -> pct.put(LatencyStats.key(k), v));
        ByteBuffer bb = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
        int n = latency.encodeIntoCompressedByteBuffer(bb);
        lat.put("hdr_histogram_base64", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bb.array(), n)));
        ObjectNode v = o.putObject("verify");
        v.put("read_blocks_verified", readBlocksVerified);
        v.put("write_samples_verified", writeSamplesVerified);
        ObjectNode g = o.putObject("generator");
        g.put("class", "io.vdobench.data.FioBufferGenerator");
        g.put("buffer_compress_percentage", PipelineVolume.DATA.compressPercentage());
        g.put("buffer_compress_chunk", PipelineVolume.DATA.compressChunk());
        g.put("refill_buffers", 1);
        g.put("randseed", PipelineVolume.RANDSEED);
        o.put("populate_seconds", populateNanos / 1e9);
        if (measured != null) {
            measured(o.putObject("measured"), measured);
        }
        return o;
    }



    /** Logical bytes of the blocks that went through compression / bytes they occupy as fragments or whole. */
    static double compressionRatio(VdoStatistics s) {
        double logical = 4096.0 * (s.compressedFragmentsWritten() + s.uncompressedBlocksWritten());
        double stored = s.compressedBytes() + 4096.0 * s.uncompressedBlocksWritten();
        return stored == 0 ? Double.NaN : logical / stored;
    }

    private static void statistics(ObjectNode st, VdoStatistics s) {
        st.put("logical_blocks", s.logicalBlocks());
        st.put("logical_blocks_used", s.logicalBlocksUsed());
        st.put("data_blocks_used", s.dataBlocksUsed());
        st.put("saving_percent", s.savingPercent());
        st.put("block_writes", s.blockWrites());
        st.put("block_reads", s.blockReads());
        st.put("zero_blocks", s.zeroBlocks());
        st.put("dedupe_hits", s.dedupeHits());
        st.put("uncompressed_blocks_written", s.uncompressedBlocksWritten());
        st.put("compressed_fragments_written", s.compressedFragmentsWritten());
        st.put("packed_blocks_written", s.packedBlocksWritten());
        st.put("compressed_bytes", s.compressedBytes());
        st.put("not_compressible", s.notCompressible());
        st.put("packer_rejected", s.packerRejected());
        st.put("single_fragment_batches", s.singleFragmentBatches());
        st.put("compression_cancelled", s.compressionCancelled());
        st.put("iaa_read_fallbacks", s.iaaReadFallbacks());
        var h = st.putArray("fragments_per_packed_block_histogram");
        for (long x : s.fragmentsPerPackedBlock()) {
            h.add(x);
        }
        st.put("execution", s.execution());
        st.put("vdo_threads", s.threadConfig());
        // cumulative since the volume started: diff the two snapshots for the measured part
        var threads = st.putArray("threads");
        for (ThreadStatistics t : s.threads()) {
            ObjectNode n = threads.addObject();
            n.put("name", t.name());
            n.put("busy_ns", t.busyNanos());
            n.put("alive_ns", t.aliveNanos());
            n.put("completions", t.completions());
            n.put("queue_depth", t.queueDepth());
            n.put("max_queue_depth", t.maxQueueDepth());
            n.put("mean_queue_depth", t.meanQueueDepth());
        }
    }

    /** The measured part: its data_vios, the cpu threads' time per data_vio, each thread's load. */
    private static void measured(ObjectNode m, MeasuredWindow w) {
        m.put("seconds", w.nanos() / 1e9);
        m.put("data_vios", w.dataVios());
        m.put("mb_per_s", w.nanos() == 0 ? Double.NaN : w.dataVios() * 4096e3 / w.nanos());
        m.put("cpu_thread_busy_ns_per_data_vio", w.cpuThreadNanosPerDataVio(ThreadLoad::busyPercent));
        m.put("cpu_thread_cpu_ns_per_data_vio", w.cpuThreadNanosPerDataVio(ThreadLoad::cpuPercent));
        var threads = m.putArray("threads");
        for (ThreadLoad t : w.threads()) {
            ObjectNode n = threads.addObject();
            n.put("name", t.name());
            n.put("busy_pct", t.busyPercent());
            n.put("cpu_pct", t.cpuPercent());
            n.put("queue_mean", t.meanQueueDepth());
            n.put("queue_max", t.maxQueueDepth());
        }
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
