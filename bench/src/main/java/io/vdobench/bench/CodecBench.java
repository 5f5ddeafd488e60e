package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Codecs;
import io.vdobench.data.DataKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Codec throughput: one block per operation, cycling through a corpus of distinct blocks (4 MiB by
 * default) so that neither the input nor the compressed stream stays in L1/L2 and no two
 * consecutive calls see the same bytes.
 *
 * <p>Results: the primary score is blocks per second. The secondary results, from
 * {@link Bytes}, are rates in MB/s (10^6 bytes):
 * <ul>
 *   <li>{@code uncompressedMB} — bytes consumed by {@code compress} / produced by {@code decompress}:
 *       <b>this is the codec's MB/s</b>;</li>
 *   <li>{@code compressedMB} — bytes produced by {@code compress} / consumed by {@code decompress}.
 *       A block that does not fit counts as {@code blockSize} bytes (it would be stored uncompressed).</li>
 * </ul>
 * The compression ratio of a {@code compress} result is {@code uncompressedMB / compressedMB}
 * (both are rates over the same time). {@link #setup} also prints the ratio of the whole corpus.
 *
 * <p>Parameters: {@code codec} in the JMH spelling of {@link CodecIds} ({@code zlib:impl:jdk/level:6});
 * list the available ones with {@code java -cp bench/target/benchmarks.jar io.vdobench.bench.CodecIds}.
 * {@code blockSize} 4096..131072; {@code data} a {@link DataKind} name. An unknown or unavailable
 * codec fails that benchmark in setup with the reason; JMH then moves on to the next one.
 *
 * <p>Correctness is checked before anything is measured: every corpus block is compressed,
 * decompressed and compared in {@link #setup}; any mismatch fails the benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class CodecBench {
    static final int MIN_BLOCK = 4096;
    static final int MAX_BLOCK = 128 * 1024;

    /** Codec id, JMH spelling; defaults are the backends every build has. */
    @Param({"lz4:impl:jni", "lz4:impl:java", "zlib:impl:jdk/level:6"})
    public String codec;

    @Param({"4096", "65536"})
    public int blockSize;

    @Param({"FIO60"})
    public String data;

    /** Corpus size in bytes; rounded down to whole blocks, at least 8 blocks. */
    @Param({"4194304"})
    public int corpusBytes;

    private Codecs registry;
    Codec impl;
    byte[] corpus;
    int blocks;
    /** Compressed form of every block that fits, back to back. */
    byte[] compressed;
    int[] compressedOff;
    int[] compressedLen;
    /** Indexes of the blocks that fit: the ones decompress can cycle over. */
    int[] fitting;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        BenchSupport.defaultNativeDir();
        registry = Codecs.load();
        prepare(SlowedCodec.maybeSlow(resolve(registry, codec)), params.getBenchmark().endsWith(".decompress"));
    }

    /** The codec a {@code codec} parameter names (either spelling), or a clear failure. */
    static Codec resolve(Codecs registry, String codec) {
        String id = CodecIds.fromJmh(codec);
        Codec c = registry.find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown codec '" + codec + "' (id " + id + "); available: "
                        + registry.available().stream().map(a -> CodecIds.toJmh(a.id())).toList()));
        if (!c.info().available()) {
            throw new IllegalStateException("codec " + c.id() + " is unavailable here, skipping: " + c.info().reason());
        }
        return c;
    }

    /**
     * Builds the corpus for {@code codec} and checks every block's round trip.
     *
     * @param forDecompress fail when no block fits, since decompress would have nothing to measure
     */
    void prepare(Codec codec, boolean forDecompress) {
        if (blockSize < MIN_BLOCK || blockSize > MAX_BLOCK) {
            throw new IllegalArgumentException("blockSize must be " + MIN_BLOCK + ".." + MAX_BLOCK + ", got " + blockSize);
        }
        DataKind kind = DataKind.valueOf(data.toUpperCase(Locale.ROOT));
        impl = codec;
        CodecInfo info = codec.info();
        corpus = corpus(kind, blockSize, corpusBytes);
        blocks = corpus.length / blockSize;
        verifyAndCompressCorpus(info);
        if (forDecompress && fitting.length == 0) {
            throw new IllegalStateException("no " + data + " block of " + blockSize + " B fits with " + info.id()
                    + ": decompress has nothing to measure");
        }
    }

    /**
     * The blocks a run measures: at least 8, block {@code b} filled from seed {@code 0x5eed0000 + b}.
     * {@link CodecCorpus} writes the same bytes to a file for the C reference bench.
     */
    static byte[] corpus(DataKind kind, int blockSize, int corpusBytes) {
        int n = Math.max(8, corpusBytes / blockSize);
        byte[] c = new byte[n * blockSize];
        for (int b = 0; b < n; b++) {
            kind.fill(c, b * blockSize, blockSize, 0x5eed0000L + b);
        }
        return c;
    }

    private void verifyAndCompressCorpus(CodecInfo info) {
        byte[] all = new byte[corpus.length];
        byte[] one = new byte[blockSize];
        byte[] back = new byte[blockSize];
        compressedOff = new int[blocks];
        compressedLen = new int[blocks];
        int[] fits = new int[blocks];
        int nFit = 0;
        int pos = 0;
        for (int b = 0; b < blocks; b++) {
            int n = impl.compress(corpus, b * blockSize, blockSize, one, 0, blockSize);
            if (n == Codec.DOES_NOT_FIT) {
                compressedLen[b] = -1;
                continue;
            }
            if (n <= 0 || n > blockSize) {
                throw new IllegalStateException(info.id() + ": compress returned " + n + " for a " + blockSize + "-byte block");
            }
            impl.decompress(one, 0, n, back, 0, blockSize);
            if (!Arrays.equals(back, 0, blockSize, corpus, b * blockSize, (b + 1) * blockSize)) {
                throw new IllegalStateException(info.id() + ": round trip of block " + b + " (" + data + ", "
                        + blockSize + " B) does not reproduce the input");
            }
            System.arraycopy(one, 0, all, pos, n);
            compressedOff[b] = pos;
            compressedLen[b] = n;
            pos += n;
            fits[nFit++] = b;
        }
        compressed = Arrays.copyOf(all, pos);
        fitting = Arrays.copyOf(fits, nFit);
        long stored = pos + (long) (blocks - nFit) * blockSize;
        System.out.printf(Locale.ROOT, "# %s [%s, %s, path=%s]: %d blocks of %d B, %d fit, corpus ratio %.3f%n",
                info.id(), info.library(), info.version(), info.path(), blocks, blockSize, nFit,
                (double) corpus.length / stored);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Per-thread position and scratch buffers, so {@code -t N} runs N independent streams. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        byte[] dst;
        byte[] out;

        @Setup(Level.Trial)
        public void setup(CodecBench b) {
            dst = new byte[b.blockSize];
            out = new byte[b.blockSize];
            // Threads start at different blocks so they do not walk the corpus in lock step.
            next = (int) (Thread.currentThread().threadId() % b.blocks);
        }
    }

    /** Byte rates reported next to the primary score (see the class comment). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public double uncompressedMB;
        public double compressedMB;

        @Setup(Level.Iteration)
        public void reset() {
            uncompressedMB = 0;
            compressedMB = 0;
        }
    }

    @Benchmark
    public int compress(Cursor c, Bytes bytes) {
        int b = c.next;
        c.next = b + 1 == blocks ? 0 : b + 1;
        int n = impl.compress(corpus, b * blockSize, blockSize, c.dst, 0, blockSize);
        bytes.uncompressedMB += blockSize / 1e6;
        bytes.compressedMB += (n > 0 ? n : blockSize) / 1e6;
        return n;
    }

    @Benchmark
    public byte decompress(Cursor c, Bytes bytes) {
        int[] fit = fitting;
        int i = c.next % fit.length;
        c.next = i + 1 == fit.length ? 0 : i + 1;
        int b = fit[i];
        int len = compressedLen[b];
        impl.decompress(compressed, compressedOff[b], len, c.out, 0, blockSize);
        bytes.uncompressedMB += blockSize / 1e6;
        bytes.compressedMB += len / 1e6;
        return c.out[blockSize - 1];
    }
}
