package io.vdobench.vdo;

import static io.vdobench.vdo.VolumeTestSupport.assertReads;
import static io.vdobench.vdo.VolumeTestSupport.assertReferenceCountsConsistent;
import static io.vdobench.vdo.VolumeTestSupport.block;
import static io.vdobench.vdo.VolumeTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.storage.FileBlockDevice;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The volume's behaviour, in both executions. Single-block writes go through
 * {@link VolumeTestSupport#write}, which waits until the volume's threads are idle, so that each
 * test sees the sequence of events it describes; {@link ConcurrencyTest} races them.
 */
class VdoVolumeTest {

    static VdoVolume volume(long logical, Execution ex) {
        return VdoVolume.builder().logicalBlocks(logical).execution(ex).build();
    }

    /** Sequential and random writes with bios of 4K..128K, then sequential and random reads of every block. */
    @ParameterizedTest
    @CsvSource({"INLINE,false", "INLINE,true", "THREADS,false", "THREADS,true"})
    void roundTripsAllFourIoPatterns(Execution ex, boolean compression) {
        int n = 1024;
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(n).compression(compression).execution(ex).build()) {
            byte[][] expect = new byte[n][];
            DataKind[] kinds = {DataKind.FIO60, DataKind.RANDOM, DataKind.TEXT, DataKind.ZEROS, DataKind.FIO90, DataKind.RUNS};
            SplittableRandom r = new SplittableRandom(1);
            // sequential writes, bio sizes 4K..128K
            for (int lbn = 0; lbn < n; ) {
                int blocks = Math.min(1 << r.nextInt(6), n - lbn);
                byte[] bio = new byte[blocks * 4096];
                for (int i = 0; i < blocks; i++) {
                    DataKind k = kinds[r.nextInt(kinds.length)];
                    k.fill(bio, i * 4096, 4096, r.nextInt(200)); // seeds repeat: some duplicates
                    expect[lbn + i] = java.util.Arrays.copyOfRange(bio, i * 4096, (i + 1) * 4096);
                }
                v.write(lbn, bio, 0, bio.length);
                lbn += blocks;
            }
            // random overwrites
            for (int i = 0; i < 600; i++) {
                int lbn = r.nextInt(n);
                int blocks = Math.min(1 << r.nextInt(4), n - lbn);
                byte[] bio = new byte[blocks * 4096];
                for (int b = 0; b < blocks; b++) {
                    kinds[r.nextInt(kinds.length)].fill(bio, b * 4096, 4096, r.nextInt(200));
                    expect[lbn + b] = java.util.Arrays.copyOfRange(bio, b * 4096, (b + 1) * 4096);
                }
                v.write(lbn, bio, 0, bio.length);
            }
            // random reads before the flush (some data still parked in the packer)
            for (int i = 0; i < 500; i++) {
                int lbn = r.nextInt(n);
                assertReads(v, lbn, expect[lbn]);
            }
            v.flush();
            // sequential reads with large bios
            byte[] all = new byte[n * 4096];
            v.read(0, all, 0, all.length);
            for (int lbn = 0; lbn < n; lbn++) {
                assertArrayEquals(expect[lbn], java.util.Arrays.copyOfRange(all, lbn * 4096, (lbn + 1) * 4096), "LBN " + lbn);
            }
            assertReferenceCountsConsistent(v);
            VdoStatistics s = v.statistics();
            if (compression) {
                assertTrue(s.packedBlocksWritten() > 0, s.format());
            } else {
                assertEquals(0, s.packedBlocksWritten());
            }
            assertEquals(0, s.fragmentsInPacker());
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void hundredIdenticalBlocksUseOnePhysicalBlock(Execution ex) {
        try (VdoVolume v = volume(200, ex)) {
            byte[] b = block(DataKind.FIO60, 3);
            for (int i = 0; i < 100; i++) {
                write(v, i, b);
            }
            v.flush();
            VdoStatistics s = v.statistics();
            assertEquals(100, s.logicalBlocksUsed());
            assertEquals(1, s.dataBlocksUsed());
            assertEquals(99, s.dedupeHits());
            assertEquals(99.0, s.savingPercent(), 1e-9);
            assertEquals(100, s.blockWrites());
            // dm-vdo's sequence: the first copy parks in the packer holding the hash lock; the second
            // write waits on that lock, cancels the agent's compression (written uncompressed) and
            // shares its block; writes 3..100 find the index advice and verify it.
            assertEquals(1, s.compressionCancelled());
            assertEquals(1, s.concurrentDedupeHits());
            assertEquals(1, s.uncompressedBlocksWritten());
            assertEquals(0, s.packedBlocksWritten());
            assertEquals(0, s.staleAdvice());
            for (int i = 0; i < 100; i++) {
                assertReads(v, i, b);
            }
            assertReferenceCountsConsistent(v);
            assertEquals(100, v.referenceCount(v.mapping(0).pbn()));
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void zeroBlocksAreElided(Execution ex) {
        try (VdoVolume v = volume(100, ex)) {
            byte[] z = new byte[4096 * 50];
            v.write(0, z, 0, z.length);
            v.flush();
            VdoStatistics s = v.statistics();
            assertEquals(50, s.zeroBlocks());
            assertEquals(50, s.logicalBlocksUsed());
            assertEquals(0, s.dataBlocksUsed());
            assertEquals(BlockMapEntry.ZERO, v.mapping(7));
            assertEquals(BlockMapEntry.UNMAPPED, v.mapping(70));
            assertReads(v, 7, new byte[4096]);
            assertReads(v, 70, new byte[4096]);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void fourteenSmallFragmentsFillOnePackedBlockInReverseArrivalOrder(Execution ex) {
        try (VdoVolume v = volume(100, ex)) {
            for (int i = 0; i < 28; i++) {
                write(v, i, block(DataKind.SINGLE_BYTE, i)); // 28 distinct bytes 'A'+i
            }
            VdoStatistics s = v.statistics();
            // written at the 14th and 28th arrival, no flush needed
            assertEquals(2, s.packedBlocksWritten());
            assertEquals(28, s.compressedFragmentsWritten());
            assertEquals(2, s.fragmentsPerPackedBlock()[14]);
            assertEquals(2, s.dataBlocksUsed());
            assertEquals(0, s.uncompressedBlocksWritten());
            assertEquals(26 * 4096L, s.bytesSavedByCompression());
            long pbn = v.mapping(0).pbn();
            for (int i = 0; i < 14; i++) {
                assertEquals(pbn, v.mapping(i).pbn());
                assertEquals(MappingState.compressed(13 - i), v.mapping(i).state(), "LBN " + i);
            }
            assertEquals(14, v.referenceCount(pbn));
            for (int i = 0; i < 28; i++) {
                assertReads(v, i, block(DataKind.SINGLE_BYTE, i));
            }
            assertTrue(s.fragmentsByAlgorithmPath().keySet().stream().allMatch(k -> k.startsWith("LZ4/")), s.format());
        }
    }

    /** Only reads that decode a fragment count as fragment reads: not zero blocks, not uncompressed ones. */
    @Test
    void fragmentReadsAreCountedByTag() {
        try (VdoVolume v = volume(64, Execution.INLINE)) {
            DataKind[] kinds = {DataKind.FIO60, DataKind.ZEROS, DataKind.RANDOM};
            for (int i = 0; i < 48; i++) {
                v.write(i, block(kinds[i % 3], i), 0, 4096);
            }
            v.flush();
            VdoStatistics w = v.statistics();
            assertEquals(16, w.compressedFragmentsWritten(), w.format());
            assertEquals(0, w.compressedFragmentsRead(), w.format());
            for (int i = 0; i < 48; i++) {
                assertReads(v, i, block(kinds[i % 3], i));
            }
            assertReads(v, 0, block(DataKind.FIO60, 0));
            VdoStatistics s = v.statistics();
            assertEquals(49, s.blockReads(), s.format());
            assertEquals(17, s.compressedFragmentsRead(), s.format());
            assertEquals(java.util.Map.of("LZ4", 17L), s.fragmentsReadByAlgorithm(), s.format());
            assertTrue(s.format().contains("compressed fragments read"), s.format());
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void overwritesMoveReferencesAndFreeAtZero(Execution ex) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(50).compression(false).execution(ex).build()) {
            byte[] a = block(DataKind.RANDOM, 1);
            byte[] b = block(DataKind.RANDOM, 2);
            for (int i = 0; i < 10; i++) {
                write(v, i, a);
            }
            long pa = v.mapping(0).pbn();
            assertEquals(10, v.referenceCount(pa));
            for (int i = 0; i < 5; i++) {
                write(v, i, b);
            }
            assertEquals(5, v.referenceCount(pa));
            long pb = v.mapping(0).pbn();
            assertNotEquals(pa, pb);
            assertEquals(5, v.referenceCount(pb));
            v.discard(5, 5);
            v.awaitQuiescent();
            assertEquals(0, v.referenceCount(pa), "freed at zero");
            assertEquals(1, v.statistics().dataBlocksUsed());
            assertEquals(5, v.statistics().logicalBlocksUsed());
            assertReads(v, 7, new byte[4096]);
            assertEquals(BlockMapEntry.UNMAPPED, v.mapping(7));
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void referenceLimitOf254StartsANewCopy(Execution ex) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(400).compression(false).execution(ex).build()) {
            byte[] a = block(DataKind.RANDOM, 9);
            for (int i = 0; i < 300; i++) {
                write(v, i, a);
            }
            VdoStatistics s = v.statistics();
            assertEquals(2, s.dataBlocksUsed());
            assertEquals(298, s.dedupeHits());
            assertEquals(254, v.referenceCount(v.mapping(0).pbn()));
            assertEquals(46, v.referenceCount(v.mapping(299).pbn()));
            assertEquals(1, s.staleAdvice());
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void adviceIsVerifiedNeverTrustedOnTheHash(Execution ex) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(50).compression(false).execution(ex).build()) {
            byte[] a = block(DataKind.RANDOM, 1);
            byte[] x = block(DataKind.RANDOM, 2);
            write(v, 0, a);
            long pa = v.mapping(0).pbn();
            // Forge advice: x's record name -> a's block (as a lossy index or a hash collision could).
            v.injectAdvice(RecordName.of(x, 0), pa, MappingState.UNCOMPRESSED);
            write(v, 1, x);
            assertNotEquals(pa, v.mapping(1).pbn());
            assertReads(v, 1, x);
            assertEquals(1, v.statistics().staleAdvice());
            assertEquals(0, v.statistics().dedupeHits());
            assertEquals(1, v.referenceCount(pa), "the failed claim was given back");
            assertReferenceCountsConsistent(v);
        }
    }

    /** Same record name, different data: a hash-lock collision bypasses dedupe; stale advice is rejected by comparing. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void collidingNamesNeverMergeDifferentData(Execution ex) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(20).weakNamesForTests().execution(ex).build()) {
            byte[] a = block(DataKind.FIO90, 1);
            byte[] b = block(DataKind.FIO90, 2);
            b[0] = a[0];
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
            write(v, 0, a);          // agent of the lock, parked in the packer
            write(v, 1, b);          // same name while a's lock is held: collision
            VdoStatistics s = v.statistics();
            assertEquals(1, s.hashCollisions());
            assertEquals(1, s.uncompressedBlocksWritten(), "a collision is written uncompressed");
            v.flush();
            write(v, 2, b);          // the index now advises a's block for b's name
            s = v.statistics();
            assertEquals(1, s.staleAdvice());
            assertEquals(0, s.dedupeHits());
            assertReads(v, 0, a);
            assertReads(v, 1, b);
            assertReads(v, 2, b);
            write(v, 3, a);          // b's data_vio (parked) holds the shared name's lock: collision again
            v.flush();
            assertEquals(2, v.statistics().hashCollisions());
            assertEquals(1, v.statistics().staleAdvice());
            assertEquals(0, v.statistics().dedupeHits());
            assertReads(v, 3, a);
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void adviceForAPackedFragmentIsVerifiedByDecompressing(Execution ex) {
        try (VdoVolume v = volume(100, ex)) {
            for (int i = 0; i < 5; i++) {
                write(v, i, block(DataKind.FIO90, i));
            }
            v.flush();
            BlockMapEntry e = v.mapping(2);
            assertTrue(e.isCompressed());
            write(v, 50, block(DataKind.FIO90, 2));
            assertEquals(e, v.mapping(50));
            assertEquals(1, v.statistics().dedupeHits());
            assertReads(v, 50, block(DataKind.FIO90, 2));
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void aWriteToAParkedLbnCancelsItsCompression(Execution ex) {
        try (VdoVolume v = volume(10, ex)) {
            byte[] a = block(DataKind.TEXT, 1);
            byte[] b = block(DataKind.TEXT, 2);
            write(v, 0, a);
            assertEquals(1, v.statistics().fragmentsInPacker());
            assertReads(v, 0, a); // served from the in-flight data_vio
            write(v, 0, b);
            VdoStatistics s = v.statistics();
            assertEquals(1, s.compressionCancelled());
            assertEquals(1, s.fragmentsInPacker());
            assertReads(v, 0, b);
            v.flush();
            s = v.statistics();
            assertEquals(1, s.singleFragmentBatches());
            assertEquals(1, s.dataBlocksUsed());
            assertEquals(BlockMapEntry.unpack(BlockMapEntry.pack(v.mapping(0).pbn(), 1)), v.mapping(0));
            assertReads(v, 0, b);
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void errorsAreTyped(Execution ex) {
        try (VdoVolume v = volume(10, ex)) {
            byte[] b = new byte[8192];
            VdoException e = assertThrows(VdoException.class, () -> v.write(9, b, 0, 8192));
            assertEquals(VdoStatus.OUT_OF_RANGE, e.status());
            assertThrows(IllegalArgumentException.class, () -> v.write(0, b, 0, 100));
            assertThrows(IndexOutOfBoundsException.class, () -> v.read(0, b, 4096, 8192));
            assertEquals(VdoStatus.OUT_OF_RANGE, assertThrows(VdoException.class, () -> v.read(-1, b, 0, 4096)).status());
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void runsOutOfSpaceWithATypedErrorAndStaysUsable(Execution ex) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(20).physicalBlocks(5).compression(false).execution(ex).build()) {
            for (int i = 0; i < 4; i++) {
                write(v, i, block(DataKind.RANDOM, i));
            }
            VdoException e = assertThrows(VdoException.class, () -> v.write(4, block(DataKind.RANDOM, 99), 0, 4096));
            assertEquals(VdoStatus.NO_SPACE, e.status());
            write(v, 5, block(DataKind.RANDOM, 2)); // a duplicate still fits
            write(v, 6, new byte[4096]);             // so does a zero block
            for (int i = 0; i < 4; i++) {
                assertReads(v, i, block(DataKind.RANDOM, i));
            }
            assertReads(v, 5, block(DataKind.RANDOM, 2));
            v.discard(0, 1);
            v.awaitQuiescent();
            write(v, 4, block(DataKind.RANDOM, 99));
            assertReads(v, 4, block(DataKind.RANDOM, 99));
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void fileBackedVolume(Execution ex, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("vdo.img");
        try (FileBlockDevice dev = new FileBlockDevice(f, 300)) {
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(256).storage(dev).execution(ex).build()) {
                for (int i = 0; i < 256; i++) {
                    write(v, i, block(DataKind.FIO60, i % 100));
                }
                v.flush();
                for (int i = 0; i < 256; i++) {
                    assertReads(v, i, block(DataKind.FIO60, i % 100));
                }
                assertTrue(v.statistics().dataBlocksUsed() < 100);
                assertReferenceCountsConsistent(v);
            }
        }
        assertTrue(java.nio.file.Files.size(f) > 0);
    }
}
