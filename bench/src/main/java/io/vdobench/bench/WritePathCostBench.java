package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pipeline adds to the work it cannot avoid. Per 4 KiB data_vio a write must at least hash the
 * block (MurmurHash3 x64_128, the record name) and compress it (LZ4); everything else (zero check, hash
 * lock, dedupe index, packer, allocation, reference counts, block map, the packed-block copy) is the
 * pipeline's overhead. {@code writeBlock} is a sequential 4 KiB write through an in-memory, LZ4-only
 * volume on one job; {@code murmur3} and {@code lz4Compress} are the two unavoidable steps on the same
 * blocks. The ratio writeBlock / (1 / (1/murmur3 + 1/lz4Compress)) is the pipeline's efficiency
 * (target ≥ 0.8; README "Performance", {@code PipelineCost} prints it per footprint from the JMH JSON).
 *
 * <p>Blocks: distinct fio-60 % blocks, each stamped with a running counter in its first 8 bytes before
 * use, so no write is ever a duplicate (dedupe would skip the compression) and every benchmark pays the
 * same stamping cost.
 *
 * <p>{@link #footprint} says where the data lives, because that, not the pipeline's code, decides
 * what an in-memory volume costs beyond the two codecs: the standalone hash and LZ4 stream their input
 * with the hardware prefetcher's help (within 3 % of each other at both sizes in the README's runs),
 * while a volume larger than the caches stores every packed block into cold DRAM and evicts the next
 * source blocks. See {@link Footprint}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@Threads(1)
public class WritePathCostBench {
    static final int BLOCK = 4096;

    /** Sizes of the source blocks and the volume. */
    enum Footprint {
        /**
         * Source 256 KiB (64 blocks), volume 4 MiB (1024 LBNs), 256 data_vios: the device (5 MiB) and the
         * metadata stay in the caches, so the ratio measures the pipeline's own CPU work.
         */
        CACHE(64, 1024, 256, false),
        /**
         * Source 16 MiB (4096 blocks), volume 256 MiB (65536 LBNs, device 264 MiB): every packed block
         * is stored to DRAM, as a RAM disk would do it.
         */
        DRAM(4096, 65536, 2048, false),
        /** DRAM with a device that drops writes: not a pipeline, a measurement of what the stores cost. */
        DRAM_DISCARD(4096, 65536, 2048, true);

        final int distinct;
        final int logicalBlocks;
        final int maxDataVios;
        final boolean discardWrites;

        Footprint(int distinct, int logicalBlocks, int maxDataVios, boolean discardWrites) {
            this.distinct = distinct;
            this.logicalBlocks = logicalBlocks;
            this.maxDataVios = maxDataVios;
            this.discardWrites = discardWrites;
        }
    }

    /** The LZ4 implementation (an id); default: the pipeline's default choice. */
    @Param({"default"})
    public String lz4;

    /** {@code cache}, {@code dram}, or (for the store's share, not run by default) {@code dram-discard}. */
    @Param({"cache", "dram"})
    public String footprint;

    /**
     * {@code on}: the volume keeps dm-vdo's metadata on its device (recovery journal entry, block
     * map page, reference count blocks per write); {@code off}: metadata in memory only (the model
     * before the metadata path). Compare with {@code -p metadata=on,off}.
     */
    @Param({"on"})
    public String metadata;

    private Codecs codecs;
    private Codec codec;
    private VdoVolume volume;
    private byte[] blocks;
    private final byte[] dst = new byte[BLOCK];
    private final long[] name = new long[2];
    private int distinct;
    private long logicalBlocks;
    private long counter;
    private int next;
    private long lbn;

    @Setup(Level.Trial)
    public void setup() {
        BenchSupport.defaultNativeDir();
        Footprint f = Footprint.valueOf(footprint.toUpperCase(Locale.ROOT).replace('-', '_'));
        codecs = Codecs.load();
        codec = lz4.equals("default") ? codecs.defaultLz4().codec() : codecs.require(CodecIds.fromJmh(lz4));
        System.out.println("# LZ4: " + codec.id() + " (" + codec.info().library() + "); footprint " + f);
        distinct = f.distinct;
        logicalBlocks = f.logicalBlocks;
        VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(f.logicalBlocks).maxDataVios(f.maxDataVios)
                .policy(FallbackCompressionPolicy.single(codec)).lz4Decoder(codec)
                .execution(Execution.INLINE) // the per-block CPU cost, without hand-offs between threads
                .metadata(!"off".equals(metadata));
        if (f.discardWrites) {
            b.storage(new DiscardingBlockDevice(b.deviceBlocks()), true);
        }
        volume = b.build();
        blocks = new byte[distinct * BLOCK];
        for (int i = 0; i < distinct; i++) {
            DataKind.FIO60.fill(blocks, i * BLOCK, BLOCK, 0xc0de0000L + i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // what the writes turned into (a lone or cancelled fragment is written uncompressed)
        VdoStatistics st = volume.statistics();
        if (st.blockWrites() > 0) {
            System.out.printf(Locale.ROOT, "%n# %d writes: %d fragments in %d packed blocks, %d written uncompressed%n",
                    st.blockWrites(), st.compressedFragmentsWritten(), st.packedBlocksWritten(), st.uncompressedBlocksWritten());
        }
        volume.close();
        codecs.close();
    }

    /** The next block, made unique by a counter in its first 8 bytes; returns its offset. */
    private int nextBlock() {
        int off = next * BLOCK;
        next = next + 1 == distinct ? 0 : next + 1;
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            blocks[off + i] = (byte) (c >>> (8 * i));
        }
        return off;
    }

    @Benchmark
    public void writeBlock() {
        volume.write(lbn, blocks, nextBlock(), BLOCK);
        lbn = lbn + 1 == logicalBlocks ? 0 : lbn + 1;
    }

    @Benchmark
    public long murmur3() {
        RecordName.compute(blocks, nextBlock(), name);
        return name[0] ^ name[1];
    }

    @Benchmark
    public int lz4Compress() {
        return codec.compress(blocks, nextBlock(), BLOCK, dst, 0, 4059);
    }
}
