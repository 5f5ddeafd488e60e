package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class StageTimingTest {

    @Test
    void offByDefault() {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(64).build()) {
            assertNull(v.stageTiming());
        }
    }

    /** Each stage is counted once per data_vio that does that work, in both executions. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void countsEveryStageOnce(Execution execution) {
        int blocks = 64;
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(256).execution(execution).stageTiming(true).build()) {
            byte[] data = DataKind.FIO60.generate(blocks * 4096, 7);
            v.write(0, data, 0, 16 * 4096);
            for (int i = 16; i < blocks; i++) {
                v.write(i, data, i * 4096, 4096);
            }
            v.write(blocks, new byte[4096], 0, 4096); // a zero block: neither hashed nor compressed
            v.flush();
            byte[] back = new byte[blocks * 4096];
            v.read(0, back, 0, back.length);
            StageTotals t = v.stageTiming().snapshot();
            VdoStatistics s = v.statistics();

            assertEquals(blocks - 16 + 2, t.calls(Stage.WRITE));
            assertEquals(blocks + 1, t.blocks(Stage.WRITE));
            assertEquals(1, t.calls(Stage.READ));
            assertEquals(blocks, t.blocks(Stage.READ));
            // inline names a block in the same pass as its copy and zero check, so the zero block too
            assertEquals(execution == Execution.INLINE ? blocks + 1 : blocks, t.calls(Stage.HASH));
            assertEquals(blocks, t.calls(Stage.COMPRESS), "fio 60 % data: every block is compressed");
            // a fragment the packer takes may still leave it alone at the flush, and be written whole
            assertTrue(t.calls(Stage.PACK) >= s.compressedFragmentsWritten() && t.calls(Stage.PACK) <= blocks);
            assertEquals(s.compressedFragmentsRead(), t.calls(Stage.DECOMPRESS), "every packed fragment read decodes once");
            // the first calls of a stage are all timed and sampled, until its mean call is known
            assertTrue(t.timedCalls(Stage.COMPRESS) >= 1 && t.sampledCalls(Stage.COMPRESS) >= 1);
            assertTrue(t.sampledCalls(Stage.COMPRESS) <= t.timedCalls(Stage.COMPRESS));
            assertTrue(t.wallNanos(Stage.COMPRESS) > 0);
            assertTrue(t.cpuNanos(Stage.COMPRESS) > 0);
        }
    }

    @Test
    void differenceAndCpuEstimate() {
        long[] z = new long[Stage.values().length];
        long[] calls = z.clone();
        long[] timed = z.clone();
        long[] wall = z.clone();
        long[] sampled = z.clone();
        long[] sampledWall = z.clone();
        long[] sampledCpu = z.clone();
        int c = Stage.COMPRESS.ordinal();
        calls[c] = 32;
        timed[c] = 8;
        wall[c] = 16_000;
        sampled[c] = 2;
        sampledWall[c] = 4_000;
        sampledCpu[c] = 3_000;
        StageTotals t = new StageTotals(calls, calls, timed, wall, sampled, sampledWall, sampledCpu);
        // the 2 sampled calls took 1.5 µs of CPU each: 32 calls, 48 µs
        assertEquals(48_000, t.cpuNanos(Stage.COMPRESS), 1e-9);
        // 8 timed calls of 2 µs: 32 calls, 64 µs of wall time
        assertEquals(64_000, t.wallNanos(Stage.COMPRESS), 1e-9);
        assertEquals(0, t.cpuNanos(Stage.HASH));
        StageTotals d = t.minus(StageTotals.empty());
        assertEquals(32, d.calls(Stage.COMPRESS));
        assertEquals(0, t.minus(t).wallNanos(Stage.COMPRESS));
    }
}
