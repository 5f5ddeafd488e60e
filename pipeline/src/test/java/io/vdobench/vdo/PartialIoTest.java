package io.vdobench.vdo;

import static io.vdobench.vdo.VolumeTestSupport.assertReferenceCountsConsistent;
import static io.vdobench.vdo.VolumeTestSupport.block;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 512-byte partial I/O (dm-vdo's 512e): read-modify-write of the 4 KiB block under its LBN lock. */
class PartialIoTest {

    /** Random 512-aligned writes and reads against a byte-array oracle; compressible and zero data. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void sectorWritesAndReadsMatchAByteOracle(Execution ex) {
        int blocks = 64;
        byte[] oracle = new byte[blocks * 4096];
        Random rnd = new Random(512);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(blocks).execution(ex).build()) {
            for (int op = 0; op < 600; op++) {
                int sector = rnd.nextInt(blocks * 8);
                int sectors = 1 + rnd.nextInt(Math.min(24, blocks * 8 - sector));
                int len = sectors * 512;
                byte[] data = rnd.nextInt(5) == 0 ? new byte[len] : DataKind.FIO60.generate(len, op);
                if (rnd.nextBoolean()) {
                    v.writeBytes(sector * 512L, data, 0, len);
                    System.arraycopy(data, 0, oracle, sector * 512, len);
                } else {
                    byte[] got = new byte[len];
                    v.readBytes(sector * 512L, got, 0, len);
                    assertArrayEquals(java.util.Arrays.copyOfRange(oracle, sector * 512, sector * 512 + len), got,
                            "read of " + sectors + " sectors at sector " + sector);
                }
                if (op % 100 == 99) {
                    v.flush();
                }
            }
            byte[] all = new byte[oracle.length];
            v.read(0, all, 0, all.length);
            assertArrayEquals(oracle, all);
            v.awaitQuiescent();
            assertReferenceCountsConsistent(v);
        }
    }

    /** Concurrent writers of different sectors of the same blocks: read-modify-write loses none of them. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void concurrentSectorWritersOfOneBlockLoseNothing(Execution ex) throws Exception {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(4).execution(ex).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Future<?>[] fs = new Future<?>[8];
            for (int t = 0; t < 8; t++) {
                int sector = t;
                fs[t] = pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int b = 0; b < 4; b++) {
                            byte[] data = DataKind.FIO60.generate(512, sector * 1000 + round);
                            v.writeBytes(b * 4096L + sector * 512L, data, 0, 512);
                        }
                    }
                });
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            v.flush();
            for (int b = 0; b < 4; b++) {
                byte[] got = new byte[4096];
                v.read(b, got, 0, 4096);
                for (int sector = 0; sector < 8; sector++) {
                    assertArrayEquals(DataKind.FIO60.generate(512, sector * 1000 + 49),
                            java.util.Arrays.copyOfRange(got, sector * 512, sector * 512 + 512), "block " + b + " sector " + sector);
                }
            }
            v.awaitQuiescent();
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void aZeroedSectorMakesAZeroBlockAndBadRangesAreRefused(Execution ex) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(4).execution(ex).build()) {
            byte[] one = block(DataKind.FIO60, 1);
            java.util.Arrays.fill(one, 512, 4096, (byte) 0);
            v.write(1, one, 0, 4096);
            v.writeBytes(4096, new byte[512], 0, 512);
            v.awaitQuiescent();
            assertEquals(BlockMapEntry.ZERO, v.mapping(1), "all zeros after the sector write: the zero block");
            assertThrows(IllegalArgumentException.class, () -> v.writeBytes(100, new byte[512], 0, 512));
            assertThrows(IllegalArgumentException.class, () -> v.readBytes(0, new byte[600], 0, 600));
            VdoException e = assertThrows(VdoException.class, () -> v.readBytes(4 * 4096 - 512, new byte[1024], 0, 1024));
            assertEquals(VdoStatus.OUT_OF_RANGE, e.status());
        }
    }
}
