package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
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
 * (target ≥ 0.8; README "Performance", {@code PipelineCost} prints it from the JMH JSON).
 *
 * <p>Blocks: 4096 distinct fio-60 % blocks (16 MiB), each stamped with a running counter in its first
 * 8 bytes before use, so no write is ever a duplicate (dedupe would skip the compression) and every
 * benchmark pays the same stamping cost.
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
    static final int DISTINCT = 4096;
    /** Logical blocks of the volume: sequential writes wrap, so the volume reaches its steady state of overwrites. */
    static final int VOLUME_BLOCKS = 65536;

    /** The LZ4 implementation (an id); default: the pipeline's default choice. */
    @Param({"default"})
    public String lz4;

    private Codecs codecs;
    private Codec codec;
    private VdoVolume volume;
    private byte[] blocks;
    private final byte[] dst = new byte[BLOCK];
    private final long[] name = new long[2];
    private long counter;
    private int next;
    private long lbn;

    @Setup(Level.Trial)
    public void setup() {
        BenchSupport.defaultNativeDir();
        codecs = Codecs.load();
        codec = lz4.equals("default") ? codecs.defaultLz4().codec() : codecs.require(CodecIds.fromJmh(lz4));
        System.out.println("# LZ4: " + codec.id() + " (" + codec.info().library() + ")");
        volume = VdoVolume.builder().logicalBlocks(VOLUME_BLOCKS).policy(FallbackCompressionPolicy.single(codec))
                .lz4Decoder(codec).build();
        blocks = new byte[DISTINCT * BLOCK];
        for (int b = 0; b < DISTINCT; b++) {
            DataKind.FIO60.fill(blocks, b * BLOCK, BLOCK, 0xc0de0000L + b);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        volume.close();
        codecs.close();
    }

    /** The next block, made unique by a counter in its first 8 bytes; returns its offset. */
    private int nextBlock() {
        int off = next * BLOCK;
        next = next + 1 == DISTINCT ? 0 : next + 1;
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            blocks[off + i] = (byte) (c >>> (8 * i));
        }
        return off;
    }

    @Benchmark
    public void writeBlock() {
        volume.write(lbn, blocks, nextBlock(), BLOCK);
        lbn = lbn + 1 == VOLUME_BLOCKS ? 0 : lbn + 1;
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
