package io.vdobench.vdo;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.policy.FallbackReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a volume's counters, named after {@code vdostats}. Block counts are 4 KiB blocks.
 *
 * @param logicalBlocks              logical size
 * @param physicalBlocks             data blocks (PBN 0 excluded)
 * @param logicalBlocksUsed          LBNs mapped, zero blocks included (dm-vdo counts every mapped entry)
 * @param dataBlocksUsed             physical blocks holding data (uncompressed or packed)
 * @param savingPercent              {@code (logicalUsed - dataUsed) * 100 / logicalUsed}, 0 when nothing is used
 * @param blockWrites                4 KiB data_vio writes (zero blocks included)
 * @param blockReads                 4 KiB reads
 * @param blockDiscards              4 KiB discards
 * @param flushes                    flush calls
 * @param zeroBlocks                 writes of all-zero blocks (elided, no PBN)
 * @param dedupeHits                 writes mapped to existing data (advice verified, or shared in a hash lock)
 * @param concurrentDedupeHits       of which shared with a concurrent identical write (hash lock waiters)
 * @param staleAdvice                index advice rejected (data differs, block freed, or 254 references)
 * @param hashCollisions             same record name, different data
 * @param uncompressedBlocksWritten  data blocks written uncompressed
 * @param compressedFragmentsWritten fragments written inside packed blocks
 * @param packedBlocksWritten        packed (compressed) blocks written
 * @param fragmentsPerPackedBlock    index n = number of packed blocks written with n fragments (2..14)
 * @param fragmentsInPacker          fragments waiting in packer bins now
 * @param fragmentsByAlgorithmPath   written fragments by "ALGORITHM/path", e.g. {@code LZ4/jni}
 * @param fallbacks                  policy fallbacks by reason
 * @param notCompressible            blocks the policy could not compress into 4059 bytes
 * @param packerRejected             fragments the packer turned away (overflow rule)
 * @param singleFragmentBatches      batches of one fragment, written uncompressed
 * @param compressionCancelled       packed data_vios pulled out by a later request and written uncompressed
 * @param compressedBytes            sum of the sizes of fragments written
 * @param bytesSavedByCompression    {@code (fragments - packed blocks) * 4096}: space the packer saved
 * @param iaaReadFallbacks           IAA-tagged fragments read with raw inflate instead of the IAA codec
 * @param compressedFragmentsRead    fragments decompressed by reads (a read of a block still held by a
 *                                   write copies that write's data and decodes nothing)
 * @param fragmentsReadByAlgorithm   the same by algorithm tag, e.g. {@code DEFLATE_IAA}
 * @param execution                  where the steps ran: {@code inline} or {@code threads}
 * @param threadConfig               dm-vdo's thread counts, as its table takes them
 * @param threads                    each of the volume's threads, as {@code top} shows dm-vdo's (none inline)
 */
public record VdoStatistics(long logicalBlocks, long physicalBlocks, long logicalBlocksUsed, long dataBlocksUsed,
                            double savingPercent, long blockWrites, long blockReads, long blockDiscards, long flushes,
                            long zeroBlocks, long dedupeHits, long concurrentDedupeHits, long staleAdvice,
                            long hashCollisions, long uncompressedBlocksWritten, long compressedFragmentsWritten,
                            long packedBlocksWritten, long[] fragmentsPerPackedBlock, long fragmentsInPacker,
                            Map<String, Long> fragmentsByAlgorithmPath, Map<FallbackReason, Long> fallbacks,
                            long notCompressible, long packerRejected, long singleFragmentBatches,
                            long compressionCancelled, long compressedBytes, long bytesSavedByCompression,
                            long iaaReadFallbacks, long compressedFragmentsRead,
                            Map<String, Long> fragmentsReadByAlgorithm, String execution, String threadConfig,
                            List<ThreadStatistics> threads) {

    /** Snapshots a volume's counters ({@code vdo_fetch_statistics}). */
    static VdoStatistics collect(VdoVolume vdo) {
        Counters c = vdo.counters;
        long logicalUsed = c.logicalUsed.sum();
        long dataUsed = vdo.depot.usedBlocks();
        double saving = logicalUsed == 0 ? 0 : (logicalUsed - dataUsed) * 100.0 / logicalUsed;
        long[] hist = new long[VdoConstants.MAX_COMPRESSION_SLOTS + 1];
        for (int i = 0; i < hist.length; i++) {
            hist[i] = c.fragmentsPerBlock[i].sum();
        }
        Map<String, Long> byAlg = new LinkedHashMap<>();
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            for (ExecutionPath p : ExecutionPath.values()) {
                long v = c.byAlgPath[a.ordinal()][p.ordinal()].sum();
                if (v > 0) {
                    byAlg.put(a.name() + "/" + p.label(), v);
                }
            }
        }
        Map<String, Long> readByAlg = new LinkedHashMap<>();
        long fragmentsRead = 0;
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            long v = c.fragmentsRead[a.ordinal()].sum();
            if (v > 0) {
                readByAlg.put(a.name(), v);
                fragmentsRead += v;
            }
        }
        Map<FallbackReason, Long> fb = new EnumMap<>(FallbackReason.class);
        for (FallbackReason r : FallbackReason.values()) {
            fb.put(r, c.fallbacks[r.ordinal()].sum());
        }
        long fragments = c.fragmentsWritten.sum();
        long packed = c.packedBlocks.sum();
        return new VdoStatistics(vdo.logicalBlocks, vdo.depot.dataBlocks(), logicalUsed, dataUsed, saving,
                c.writes.sum(), c.reads.sum(), c.discards.sum(), c.flushes.sum(), c.zeroBlocks.sum(),
                c.dedupeHits.sum(), c.concurrentDedupe.sum(), c.staleAdvice.sum(), c.hashCollisions.sum(),
                c.uncompressedWritten.sum(), fragments, packed, hist, vdo.packer.fragmentsInPacker(), byAlg, fb,
                c.notCompressible.sum(), c.packerRejected.sum(), c.singleBatches.sum(), c.cancelled.sum(),
                c.compressedBytes.sum(), (fragments - packed) * VdoConstants.BLOCK_SIZE,
                vdo.decoder.iaaUnavailableFallbacks() + vdo.decoder.iaaFailureFallbacks(), fragmentsRead, readByAlg,
                vdo.execution().label(), vdo.threadConfig().toString(), List.copyOf(vdo.threads.statistics()));
    }

    /** A vdostats-like text block. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        line(sb, "logical blocks", logicalBlocks);
        line(sb, "physical data blocks", physicalBlocks);
        line(sb, "logical blocks used", logicalBlocksUsed);
        line(sb, "data blocks used", dataBlocksUsed);
        sb.append(String.format(java.util.Locale.ROOT, "%-32s %.1f%n", "saving percent", savingPercent));
        line(sb, "4K writes", blockWrites);
        line(sb, "4K reads", blockReads);
        line(sb, "4K discards", blockDiscards);
        line(sb, "flushes", flushes);
        line(sb, "zero blocks", zeroBlocks);
        line(sb, "dedupe hits", dedupeHits);
        line(sb, "  concurrent (hash lock)", concurrentDedupeHits);
        line(sb, "stale advice", staleAdvice);
        line(sb, "hash collisions", hashCollisions);
        line(sb, "uncompressed blocks written", uncompressedBlocksWritten);
        line(sb, "compressed fragments written", compressedFragmentsWritten);
        line(sb, "packed blocks written", packedBlocksWritten);
        for (int n = 2; n < fragmentsPerPackedBlock.length; n++) {
            if (fragmentsPerPackedBlock[n] > 0) {
                line(sb, "  with " + n + " fragments", fragmentsPerPackedBlock[n]);
            }
        }
        fragmentsByAlgorithmPath.forEach((k, v) -> line(sb, "fragments " + k, v));
        line(sb, "compressed fragments read", compressedFragmentsRead);
        fragmentsReadByAlgorithm.forEach((k, v) -> line(sb, "fragments read " + k, v));
        fallbacks.forEach((k, v) -> line(sb, "fallback " + k.name().toLowerCase(java.util.Locale.ROOT), v));
        line(sb, "not compressible", notCompressible);
        line(sb, "packer rejected", packerRejected);
        line(sb, "single-fragment batches", singleFragmentBatches);
        line(sb, "compression cancelled", compressionCancelled);
        line(sb, "fragments in packer", fragmentsInPacker);
        line(sb, "compressed bytes", compressedBytes);
        line(sb, "bytes saved by compression", bytesSavedByCompression);
        line(sb, "IAA read fallbacks", iaaReadFallbacks);
        sb.append(String.format(java.util.Locale.ROOT, "%-32s %s (%s)%n", "execution", execution, threadConfig));
        for (ThreadStatistics t : threads) {
            sb.append("  ").append(t.format()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String k, long v) {
        sb.append(String.format(java.util.Locale.ROOT, "%-32s %d%n", k, v));
    }

    @Override
    public String toString() {
        return format();
    }
}
