package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FFM codecs allocate nothing per call on stable buffers: after a warm-up, thousands of 4 KiB
 * compress and decompress calls on the same arrays (at the offsets the VDO pipeline uses: data at 0,
 * fragment at 36 of its block) allocate less than 8 KiB in total (slack for JIT and class-loading
 * noise, about one byte per call).
 */
class CodecSteadyStateAllocationTest {
    private static final int HEADER = 36; // VdoConstants.COMPRESSED_HEADER_SIZE
    private static final int CALLS = 4000;

    @BeforeAll
    static void needsThreadAllocationCounter() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count per-thread allocation");
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** {@code rounds} compress+decompress pairs over 4 stable source blocks; returns a checksum. */
    private static int rounds(Codec c, byte[][] src, byte[] block, byte[] out, int rounds) {
        int sum = 0;
        for (int r = 0; r < rounds; r++) {
            byte[] s = src[r & 3];
            int n = c.compress(s, 0, 4096, block, HEADER, 4096 - HEADER);
            if (n > 0) {
                c.decompress(block, HEADER, n, out, 0, 4096);
                sum += out[r & 4095];
            }
        }
        return sum;
    }

    private static void assertNoSteadyStateAllocation(Codec c) {
        CpuCodecs.assumeAvailable(c);
        byte[][] src = new byte[4][];
        DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.TEXT, DataKind.RANDOM};
        for (int i = 0; i < 4; i++) {
            src[i] = kinds[i].generate(4096, 11 + i);
        }
        byte[] block = new byte[4096];
        byte[] out = new byte[4096];
        int n = c.compress(src[0], 0, 4096, block, HEADER, 4096 - HEADER);
        c.decompress(block, HEADER, n, out, 0, 4096);
        assertArrayEquals(src[0], out, c.id() + " round trip");
        rounds(c, src, block, out, 2 * CALLS); // warm-up: JIT, pooled state, views
        long before = allocated();
        int sum = rounds(c, src, block, out, CALLS);
        long bytes = allocated() - before;
        System.out.printf("# %s: %d bytes allocated by %d compress+decompress pairs on stable buffers%n", c.id(), bytes, CALLS);
        assertTrue(bytes < 8 * 1024, c.id() + ": " + bytes + " bytes allocated by " + CALLS
                + " compress+decompress pairs on stable buffers (checksum " + sum + ")");
    }

    @Test
    void lz4FfmAllocatesNothingOnStableBuffers() {
        try (Codec c = new Lz4FfmCodec()) {
            assertNoSteadyStateAllocation(c);
        }
    }

    @Test
    void libdeflateAllocatesNothingOnStableBuffers() {
        try (Codec c = new LibdeflateCodec(6)) {
            assertNoSteadyStateAllocation(c);
        }
    }
}
