package io.vdobench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Machine rulers for the regression gate: fixed CPU and memory work that no change to vdobench
 * touches. Their ratio between two runs measures how fast the machine is today, which the gate
 * divides out ({@code SpeedGate.CALIBRATION_PREFIX}). Two rulers, because a codec's speed depends
 * on both arithmetic and memory bandwidth, and a noisy neighbour can hit either.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class CalibrationBench {
    private final byte[] src = new byte[1 << 20];
    private final byte[] dst = new byte[1 << 20];

    @Setup
    public void setup() {
        new SplittableRandom(1).nextBytes(src);
    }

    /** Integer mixing over 64 KiB: ALU-bound. */
    @Benchmark
    public long arithmetic() {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 65536; i += 8) {
            long k = (src[i] & 0xffL) | (src[i + 3] & 0xffL) << 24 | (long) src[i + 7] << 56;
            h ^= k * 0xff51afd7ed558ccdL;
            h = Long.rotateLeft(h, 31) * 0xc4ceb9fe1a85ec53L;
        }
        return h;
    }

    /** A 1 MiB copy: memory-bandwidth-bound. */
    @Benchmark
    public byte[] memcpy() {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }
}
