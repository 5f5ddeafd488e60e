package io.vdobench.bench;

import io.vdobench.data.FioBufferGenerator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.HdrHistogram.Histogram;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The patch's fio matrix on the reference pipeline: one {@code io()} call is one I/O of
 * {@code blockSize} bytes (a bio, split into 4 KiB data_vios by the volume) by one of JMH's threads,
 * which play fio's {@code numjobs} ({@code -t 1|8|16}; JMH's JSON records {@code threads}). The
 * primary score is I/Os per second; MB/s (10^6 B/s) = ops/s × {@code blockSize} / 10^6, and
 * {@code blockSize} is in the JSON's {@code params}, so anyone can recompute it.
 *
 * <p>Per case it also writes a side file ({@link Sidecar}) with the volume's statistics after the
 * trial (compression ratio, space saving, fragments per packed block, fallbacks, executed codec
 * path) and the merged per-I/O latency histogram, because JMH cannot carry strings or ratios.
 *
 * <p>Layout, as fio with {@code offset_increment} ({@code --split-region}): the region is cut into
 * one slice per thread; sequential patterns walk their slice and wrap around, random ones draw
 * block-aligned offsets in it from a seeded generator. Disjoint slices make the write check exact
 * (no other thread can overwrite a block between the write and its check).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PipelineBench {

    /** The shared volume: one per trial (case × policy), as one VDO target under fio. */
    @State(Scope.Benchmark)
    public static class Volume {
        @Param({"write", "read", "randwrite", "randread"})
        public String pattern;

        @Param({"4096", "8192", "16384", "32768", "65536", "131072"})
        public int blockSize;

        @Param({"lz4", "iaa"})
        public String policy;

        /** Logical region the I/O covers (and the volume's logical size), MiB. */
        @Param({"64"})
        public int regionMiB;

        /** dm-vdo's thread counts ({@link io.vdobench.vdo.ThreadConfig#parse}); "." is dm-vdo's defaults. */
        @Param({"."})
        public String vdoThreads;

        /**
         * Where the volume runs the steps: "threads" (dm-vdo's threads, as the kernel runs them) or
         * "inline" (the submitting jobs, without hand-offs).
         */
        @Param({"threads"})
        public String execution;

        PipelineVolume vol;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            vol = PipelineVolume.open(pattern, blockSize, policy, regionMiB, vdoThreads, execution,
                    params.getThreads(), params.getBenchmark());
        }

        /** Each measurement iteration runs the measured window ({@link MeasuredWindow}); the gaps do not count. */
        @Setup(Level.Iteration)
        public void iterationStart(IterationParams ip) {
            if (ip.getType() == IterationType.MEASUREMENT) {
                vol.measurementStarts();
            }
        }

        /** Each measurement iteration's end pauses it. */
        @TearDown(Level.Iteration)
        public void iterationEnd(IterationParams ip) {
            if (ip.getType() == IterationType.MEASUREMENT) {
                vol.measurementEnds();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            vol.finish();
        }

        /** The stage file's window covers the measurement iterations only. */
        @Setup(Level.Iteration)
        public void iterationStarts(IterationParams ip) {
            if (ip.getType() == IterationType.MEASUREMENT) {
                vol.measurementIterationStarts();
            }
        }

        @TearDown(Level.Iteration)
        public void iterationEnded(IterationParams ip) {
            if (ip.getType() == IterationType.MEASUREMENT) {
                vol.measurementIterationEnded();
            }
        }
    }

    /** One submitter (a fio job): its buffer, data generator, cursor and latency histogram. */
    @State(Scope.Thread)
    public static class Job {
        byte[] buf;
        FioBufferGenerator generator;
        SplittableRandom random;
        PipelineVolume vol;
        PipelineVolume.JobRecord record;
        long sliceStart;
        long sliceBlocks;
        int blocksPerIo;
        long cursor;
        boolean measuring;
        final CRC32C crc = new CRC32C();

        @Setup(Level.Trial)
        public void setUp(Volume v, ThreadParams t) {
            vol = v.vol;
            int idx = t.getThreadIndex();
            buf = new byte[v.blockSize];
            blocksPerIo = v.blockSize / PipelineVolume.BLOCK;
            sliceBlocks = vol.sliceBlocks();
            sliceStart = idx * sliceBlocks;
            // fio numbers jobs from 1; randseed as the matrix's job files use it (0x5eed).
            generator = FioBufferGenerator.forJob(PipelineVolume.DATA, PipelineVolume.RANDSEED, idx + 1);
            random = new SplittableRandom(PipelineVolume.RANDSEED * 31 + idx);
            record = vol.register(idx, new Histogram(3), buf);
        }

        @Setup(Level.Iteration)
        public void iteration(IterationParams ip) {
            measuring = ip.getType() == IterationType.MEASUREMENT;
        }

        long nextLbn(boolean randomPattern) {
            long ios = sliceBlocks / blocksPerIo;
            long io;
            if (randomPattern) {
                io = random.nextLong(ios);
            } else {
                io = cursor;
                cursor = cursor + 1 == ios ? 0 : cursor + 1;
            }
            return sliceStart + io * blocksPerIo;
        }
    }

    @Benchmark
    public void io(Volume v, Job j) {
        PipelineVolume vol = v.vol;
        boolean write = vol.isWrite();
        long lbn = j.nextLbn(vol.isRandom());
        if (write) {
            // refill_buffers: fresh fio 60 % data for every write, as fio pays for it too.
            j.generator.fillBuffer(j.buf, 0, j.buf.length, j.buf.length);
        }
        long t0 = System.nanoTime();
        if (write) {
            vol.volume().write(lbn, j.buf, 0, j.buf.length);
        } else {
            vol.volume().read(lbn, j.buf, 0, j.buf.length);
        }
        long dt = System.nanoTime() - t0;
        if (j.measuring) {
            j.record.latency().recordValue(dt);
        }
        if (write) {
            j.record.wrote(lbn, j.buf, j.crc);
        } else {
            vol.verifyRead(lbn, j.buf, j.crc);
        }
    }
}
