package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import io.vdobench.testing.Prerequisites;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The strict end check (QplStreamEnd: reads of libqpl's inflate state) keeps decompress allocation-free
 * in steady state: after a warm-up, 4000 decompresses of stable fragments allocate under 8 KiB in all
 * (slack for JIT and class-loading noise).
 */
class QplDecompressAllocationTest {
    private static final int CALLS = 4000;

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void decompressWithTheEndCheckAllocatesNothing() {
        QplAssumptions.requireLibqpl();
        Prerequisites.require(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count per-thread allocation");
        try (QplCodec c = new QplCodec(Options.of(QplPath.SOFTWARE, Huffman.FIXED, Level.DEFAULT))) {
            Prerequisites.require(c.endCheck() == QplCodec.EndCheck.INFLATE_STATE, "inflate-state check unavailable");
            DataKind[] kinds = {DataKind.FIO60, DataKind.TEXT, DataKind.RANDOM, DataKind.FIO90};
            byte[][] src = new byte[4][];
            byte[][] z = new byte[4][];
            for (int i = 0; i < 4; i++) {
                src[i] = kinds[i].generate(4096, 21 + i);
                byte[] d = new byte[8192];
                z[i] = Arrays.copyOf(d, c.compress(src[i], 0, 4096, d, 0, d.length));
            }
            byte[] out = new byte[4096];
            for (int i = 0; i < 2 * CALLS; i++) {
                c.decompress(z[i & 3], 0, z[i & 3].length, out, 0, 4096);
            }
            assertArrayEquals(src[3], out);
            long before = allocated();
            int sum = 0;
            for (int i = 0; i < CALLS; i++) {
                c.decompress(z[i & 3], 0, z[i & 3].length, out, 0, 4096);
                sum += out[i & 4095];
            }
            long bytes = allocated() - before;
            System.out.printf("# qpl decompress: %d bytes allocated by %d calls (checksum %d)%n", bytes, CALLS, sum);
            assertTrue(bytes < 8 * 1024, bytes + " bytes allocated by " + CALLS + " decompress calls");
        }
    }
}
