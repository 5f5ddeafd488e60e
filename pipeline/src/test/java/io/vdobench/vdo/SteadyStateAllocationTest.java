package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import io.vdobench.testing.Prerequisites;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-block write and read paths allocate nothing in steady state: after a warm-up, thousands
 * of 4 KiB writes (compressed, packed, deduplicated and unique) and reads allocate no more than a
 * small constant (8 KiB of slack for JIT and class-loading noise, 0.2 bytes per operation) in one of up to
 * five windows,
 * counted on the submitting thread and, with threads, on every thread of the volume.
 */
class SteadyStateAllocationTest {
    private static final int WINDOW_ROUNDS = 60;

    private static long allocated(long[] volumeThreads) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = mx.getCurrentThreadAllocatedBytes();
        for (long b : mx.getThreadAllocatedBytes(volumeThreads)) {
            sum += b;
        }
        return sum;
    }

    private static void workload(VdoVolume v, byte[][] data, byte[] buf, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < data.length; i++) {
                v.write(i, data[(i + r) % data.length], 0, 4096); // overwrites: refcounts move, dedupe hits
            }
            for (int i = 0; i < data.length; i += 3) {
                v.read(i, buf, 0, 4096);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void writesAndReadsAllocateNothingOnceWarm(Execution ex) {
        Prerequisites.require(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count per-thread allocation");
        for (Lz4JavaCodec.Impl impl : Lz4JavaCodec.Impl.values()) {
            Lz4JavaCodec lz4 = new Lz4JavaCodec(impl);
            if (!lz4.info().available()) {
                continue;
            }
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(512).policy(FallbackCompressionPolicy.single(lz4))
                    .execution(ex).build()) {
                byte[][] data = new byte[512][];
                DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.RANDOM, DataKind.TEXT};
                for (int i = 0; i < data.length; i++) {
                    data[i] = kinds[i % 4].generate(4096, i % 200);
                }
                byte[] buf = new byte[4096];
                long[] threads = v.workerThreadIds();
                workload(v, data, buf, 20); // warm-up: pools, pages, JIT
                v.awaitQuiescent();
                // Up to five windows: steady state includes the JIT's (see FfmVolumeAllocationTest); one object per
                // operation is over 100 KiB a window and fails them all.
                List<Long> windows = new ArrayList<>();
                long bytes = Long.MAX_VALUE;
                while (bytes >= 8 * 1024 && windows.size() < 5) {
                    long before = allocated(threads);
                    // 30720 writes + 10260 reads: 141 recovery journal blocks, so an object per journal block
                    // (14 KiB) fails too
                    workload(v, data, buf, WINDOW_ROUNDS);
                    v.awaitQuiescent();
                    bytes = allocated(threads) - before;
                    windows.add(bytes);
                }
                assertTrue(bytes < 8 * 1024, ex + ", lz4 " + impl + ": bytes allocated by 40980 block operations in each"
                        + " window: " + windows);
            }
        }
    }
}
