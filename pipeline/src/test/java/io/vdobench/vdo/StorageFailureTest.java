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
            if (failWrites) {
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
}
