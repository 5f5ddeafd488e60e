package io.vdobench.vdo;

import static io.vdobench.vdo.VolumeTestSupport.assertReads;
import static io.vdobench.vdo.VolumeTestSupport.assertReferenceCountsConsistent;
import static io.vdobench.vdo.VolumeTestSupport.block;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.storage.BlockDevice;
import io.vdobench.vdo.storage.MemoryBlockDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failing backing storage surfaces as a typed IO_ERROR and leaves no leaked references or locks. */
class StorageFailureTest {

    static final class FlakyDevice implements BlockDevice {
        final MemoryBlockDevice inner = new MemoryBlockDevice(400);
        volatile boolean failWrites;
        /** The blocks whose writes fail (default: every block). */
        volatile long failFrom;
        volatile long failTo = Long.MAX_VALUE;

        @Override
        public long blockCount() {
            return inner.blockCount();
        }

        @Override
        public void read(long pbn, byte[] dst, int off) {
            inner.read(pbn, dst, off);
        }

        @Override
        public void write(long pbn, byte[] src, int off) {
            if (failWrites && pbn >= failFrom && pbn < failTo) {
                throw new VdoException(VdoStatus.IO_ERROR, "injected write failure at PBN " + pbn);
            }
            inner.write(pbn, src, off);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /**
     * Inline, the failed write is answered with the error (it was not acknowledged yet); with threads
     * it was acknowledged at allocation, as dm-vdo does, so its failure comes with the next flush.
     */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void writeFailuresAreTypedAndLeaveTheVolumeConsistent(Execution ex) {
        FlakyDevice dev = new FlakyDevice();
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(100).storage(dev).execution(ex).build()) {
            dev.failTo = v.physicalDataBlocks() + 1; // data writes fail; the metadata's would make it read-only
            v.write(0, block(DataKind.RANDOM, 0), 0, 4096);
            v.awaitQuiescent();
            dev.failWrites = true;
            if (ex == Execution.INLINE) {
                VdoException e = assertThrows(VdoException.class, () -> v.write(1, block(DataKind.RANDOM, 1), 0, 4096));
                assertEquals(VdoStatus.IO_ERROR, e.status());
            } else {
                v.write(1, block(DataKind.RANDOM, 1), 0, 4096);
            }
            for (int i = 2; i < 6; i++) {
                v.write(i, block(DataKind.FIO90, i), 0, 4096); // parked in the packer: acknowledged
            }
            VdoException f = assertThrows(VdoException.class, v::flush); // the packed write and its uncompressed fallbacks fail
            assertEquals(VdoStatus.IO_ERROR, f.status(), f.getMessage());
            dev.failWrites = false;
            v.flush();
            assertEquals(BlockMapEntry.UNMAPPED, v.mapping(1));
            assertReads(v, 0, block(DataKind.RANDOM, 0));
            for (int i = 1; i < 20; i++) {
                v.write(i, block(DataKind.FIO60, i), 0, 4096);
            }
            v.flush();
            for (int i = 1; i < 20; i++) {
                assertReads(v, i, block(DataKind.FIO60, i));
            }
            assertReferenceCountsConsistent(v);
            assertTrue(v.statistics().dataBlocksUsed() <= 20);
        }
    }

    /**
     * dm-vdo's read-only mode: a failed journal write makes writes, discards and flushes fail with
     * READ_ONLY while reads go on; the super block keeps the mode, so the volume reopens read-only.
     */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void aMetadataWriteFailureMakesTheVolumeReadOnlyAcrossAReopen(Execution ex) {
        FlakyDevice dev = new FlakyDevice();
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(100).storage(dev).execution(ex).build()) {
            for (int i = 0; i < 10; i++) {
                v.write(i, block(DataKind.FIO60, i), 0, 4096);
            }
            v.flush();
            dev.failFrom = v.physicalDataBlocks() + 1; // the journal and the rest of the metadata, not block 0
            dev.failWrites = true;
            v.write(20, block(DataKind.RANDOM, 20), 0, 4096);
            VdoException f = assertThrows(VdoException.class, v::flush);
            assertEquals(VdoStatus.IO_ERROR, f.status(), f.getMessage());
            assertTrue(v.readOnly());
            VdoException w = assertThrows(VdoException.class, () -> v.write(30, block(DataKind.RANDOM, 30), 0, 4096));
            assertEquals(VdoStatus.READ_ONLY, w.status());
            assertEquals(VdoStatus.READ_ONLY, assertThrows(VdoException.class, () -> v.discard(0, 1)).status());
            assertEquals(VdoStatus.READ_ONLY, assertThrows(VdoException.class, v::flush).status());
            for (int i = 0; i < 10; i++) {
                assertReads(v, i, block(DataKind.FIO60, i));
            }
        }
        dev.failWrites = false;
        try (VdoVolume v = VdoVolume.builder().storage(dev).execution(ex).open()) {
            assertTrue(v.readOnly(), "read-only mode is kept in the super block");
            for (int i = 0; i < 10; i++) {
                assertReads(v, i, block(DataKind.FIO60, i));
            }
            assertEquals(VdoStatus.READ_ONLY,
                    assertThrows(VdoException.class, () -> v.write(0, block(DataKind.RANDOM, 0), 0, 4096)).status());
        }
    }
}
