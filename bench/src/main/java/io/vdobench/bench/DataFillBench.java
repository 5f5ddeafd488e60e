package io.vdobench.bench;

import io.vdobench.data.FioBufferGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the write benches' data: one {@code refill_buffers} fill of fio 60 % data per write,
 * exactly as {@link PipelineBench} does it. Its time per op divided by a write case's time per op
 * (1 / ops/s per thread) is the share of that case spent generating data, which fio pays too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DataFillBench {
    @Param({"4096", "131072"})
    public int blockSize;

    private byte[] buf;
    private FioBufferGenerator generator;

    @Setup
    public void setUp() {
        buf = new byte[blockSize];
        generator = FioBufferGenerator.forJob(PipelineVolume.DATA, PipelineVolume.RANDSEED, 1);
    }

    @Benchmark
    public byte[] fill() {
        generator.fillBuffer(buf, 0, buf.length, buf.length);
        return buf;
    }
}
