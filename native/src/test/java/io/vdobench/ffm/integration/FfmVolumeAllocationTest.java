package io.vdobench.ffm.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import io.vdobench.ffm.HeapViews;
import io.vdobench.ffm.cpu.LibdeflateCodec;
import io.vdobench.ffm.cpu.Lz4FfmCodec;
import io.vdobench.testing.Prerequisites;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A VDO volume whose only codec is an FFM one (the default LZ4 since {@code Codecs.defaultLz4()} picks
 * {@code lz4:impl=ffm}) allocates nothing per block in steady state: writes, overwrites, dedupe
 * verifies and reads of packed fragments at ever-changing offsets, all through cached
 * {@link HeapViews}. Same workload and bound as the pipeline's {@code SteadyStateAllocationTest}.
 */
class FfmVolumeAllocationTest {
    private static final int LBNS = 512;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
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

    private static void assertSteadyStateAllocatesNothing(Supplier<Codec> factory) {
        Prerequisites.require(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count per-thread allocation");
        try (Codec codec = factory.get()) {
            Prerequisites.require(codec.info().available(), () -> codec.id() + " unavailable: " + codec.info().reason());
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(LBNS)
                    .policy(FallbackCompressionPolicy.single(codec)).lz4Decoder(new Lz4FfmCodec()).build()) {
                byte[][] data = new byte[LBNS][];
                DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.RANDOM, DataKind.TEXT};
                for (int i = 0; i < data.length; i++) {
                    data[i] = kinds[i % 4].generate(4096, i % 200);
                }
                byte[] buf = new byte[4096];
                HeapViews views = HeapViews.local();
                long h0 = views.hits();
                long m0 = views.misses();
                workload(v, data, buf, 20); // warm-up: pools, pages, JIT, views
                long h1 = views.hits();
                long m1 = views.misses();
                // Steady state includes the JIT's: on a loaded machine C2 lags, and a first window may still run code
                // whose escape analysis has not yet removed its temporaries. A real per-block allocation (one object
                // per operation is over 100 KiB a window) fails every window.
                List<Long> windows = new ArrayList<>();
                long bytes = Long.MAX_VALUE;
                while (bytes >= 8 * 1024 && windows.size() < 5) {
                    h1 = views.hits();
                    m1 = views.misses();
                    long before = allocated();
                    workload(v, data, buf, 10); // 5120 writes + 1710 reads
                    bytes = allocated() - before;
                    windows.add(bytes);
                }
                long h2 = views.hits();
                long m2 = views.misses();
                System.out.printf("# %s volume: warm-up views %d hits / %d misses; measured %d hits / %d misses, %d views"
                        + " cached, %d resets; bytes allocated by 6830 block operations per window: %s%n", codec.id(),
                        h1 - h0, m1 - m0, h2 - h1, m2 - m1, views.size(), views.resets(), windows);
                assertTrue(bytes < 8 * 1024, codec.id() + ": bytes allocated by 6830 block operations in each of "
                        + windows.size() + " windows: " + windows);
                assertTrue(h2 - h1 > 0, "the codec was not used through HeapViews");
                v.flush();
                for (int i = 0; i < LBNS; i++) {
                    v.read(i, buf, 0, 4096);
                    assertArrayEquals(data[(i + 9) % LBNS], buf, "lbn " + i); // the last round wrote r = 9
                }
                assertEquals(0, views.resets(), "the working set should fit without dropping the cache");
            }
        }
    }

    @Test
    void lz4FfmVolumeAllocatesNothingOnceWarm() {
        assertSteadyStateAllocatesNothing(Lz4FfmCodec::new);
    }

    @Test
    void libdeflateVolumeAllocatesNothingOnceWarm() {
        assertSteadyStateAllocatesNothing(() -> new LibdeflateCodec(1));
    }
}
