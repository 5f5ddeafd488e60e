package io.vdobench.vdo;

import static io.vdobench.vdo.VolumeTestSupport.assertReads;
import static io.vdobench.vdo.VolumeTestSupport.block;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import io.vdobench.vdo.storage.BlockDevice;
import io.vdobench.vdo.storage.MemoryBlockDevice;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With {@link Execution#THREADS} each step runs where dm-vdo runs it, and a submitter waits only for its acknowledgement. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VdoThreadsTest {

    /** Names of the threads that did each kind of work (thread names are "vdoN:cpuQ" and so on). */
    static final class Where {
        final Set<String> compress = ConcurrentHashMap.newKeySet();
        final Set<String> decompress = ConcurrentHashMap.newKeySet();
        final Set<String> storageWrite = ConcurrentHashMap.newKeySet();
        final Set<String> storageRead = ConcurrentHashMap.newKeySet();

        static String queue() {
            String n = Thread.currentThread().getName();
            return n.substring(n.indexOf(':') + 1);
        }
    }

    /** LZ4 that notes where it runs. */
    static final class RecordingCodec implements Codec {
        final Codec inner = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);
        final Where where;

        RecordingCodec(Where where) {
            this.where = where;
        }

        @Override
        public CodecInfo info() {
            return inner.info();
        }

        @Override
        public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
            where.compress.add(Where.queue());
            return inner.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
        }

        @Override
        public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
            where.decompress.add(Where.queue());
            inner.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Memory storage that notes where it is called and can hold writes back. */
    static final class RecordingDevice implements BlockDevice {
        final MemoryBlockDevice inner = new MemoryBlockDevice(4096);
        final Where where;
        volatile CountDownLatch holdWrites;
        /** Writes below this PBN (set once the volume's layout is known; none before: the format's) are data writes. */
        volatile long dataLimit;

        RecordingDevice(Where where) {
            this.where = where;
        }

        @Override
        public long blockCount() {
            return inner.blockCount();
        }

        @Override
        public void read(long pbn, byte[] dst, int off) {
            where.storageRead.add(Where.queue());
            inner.read(pbn, dst, off);
        }

        @Override
        public void write(long pbn, byte[] src, int off) {
            if (pbn != 0 && pbn < dataLimit) {
                where.storageWrite.add(Where.queue()); // data blocks; metadata is written where it is made
            }
            CountDownLatch hold = holdWrites;
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
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

    private static Set<String> prefixes(Set<String> queues) {
        return queues.stream().map(q -> q.replaceAll("[0-9]+$", "")).collect(Collectors.toSet());
    }

    @Test
    void everyStepRunsOnItsDmVdoThread() {
        Where where = new Where();
        RecordingCodec lz4 = new RecordingCodec(where);
        RecordingDevice dev = new RecordingDevice(where);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(512).storage(dev).execution(Execution.THREADS)
                .policy(FallbackCompressionPolicy.single(lz4)).lz4Decoder(lz4).build()) {
            dev.dataLimit = v.physicalDataBlocks() + 1;
            for (int i = 0; i < 200; i++) {
                v.write(i, block(DataKind.FIO60, i % 150), 0, 4096); // compressible, some duplicates
            }
            v.awaitQuiescent(); // else a flush at once makes writes still on their way skip the packer
            v.flush();
            for (int i = 0; i < 200; i++) {
                assertReads(v, i, block(DataKind.FIO60, i % 150));
            }
            assertEquals(Set.of("cpuQ"), where.compress, "MurmurHash3 and compression run on the cpu thread");
            assertEquals(Set.of("cpuQ"), where.decompress, "reads and verification decompress on the cpu thread");
            assertEquals(Set.of("bioQ"), prefixes(where.storageWrite), "data writes go through the bio threads");
            assertEquals(Set.of("bioQ"), prefixes(where.storageRead));
            VdoStatistics s = v.statistics();
            assertTrue(s.dedupeHits() > 0 && s.packedBlocksWritten() > 0, s.format());
            assertEquals("threads", s.execution());
            assertEquals(ThreadConfig.DEFAULT.threadNames(), s.threads().stream().map(ThreadStatistics::name).toList());
            for (ThreadStatistics t : s.threads()) {
                if (!t.name().startsWith("bioQ")) {
                    assertTrue(t.completions() > 0, t.format());
                }
                assertTrue(t.busyNanos() >= 0 && t.busyNanos() <= t.aliveNanos(), t.format());
                assertTrue(t.maxQueueDepth() >= t.queueDepth(), t.format());
            }
        }
    }

    @Test
    void zonedThreadsAreNamedAndUsedAsDmVdoNamesThem() {
        ThreadConfig c = ThreadConfig.parse("logical=2,physical=2,hash=2,cpu=2,ack=2,bio=1");
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(4096).execution(Execution.THREADS).threads(c).build()) {
            for (int i = 0; i < 4096; i += 8) {
                v.write(i, block(DataKind.FIO60, i), 0, 4096);
            }
            v.flush();
            List<ThreadStatistics> ts = v.statistics().threads();
            assertEquals(List.of("journalQ", "packerQ", "logQ0", "logQ1", "physQ0", "physQ1", "hashQ0", "hashQ1",
                    "dedupeQ", "ackQ0", "ackQ1", "cpuQ0", "cpuQ1", "bioQ0"), ts.stream().map(ThreadStatistics::name).toList());
            for (ThreadStatistics t : ts) {
                // 512 writes spread over every zone (pages 0..5 mod 60 mod 2); journalQ makes their journal entries
                assertTrue(t.completions() > 0, t.format());
            }
        }
    }

    @Test
    void aWriteIsAcknowledgedAfterAllocationBeforeItsDataIsWritten() throws Exception {
        Where where = new Where();
        RecordingDevice dev = new RecordingDevice(where);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(64).storage(dev).execution(Execution.THREADS)
                .compression(false).build()) {
            dev.dataLimit = v.physicalDataBlocks() + 1;
            CountDownLatch hold = new CountDownLatch(1);
            dev.holdWrites = hold;
            byte[] data = block(DataKind.RANDOM, 7);
            v.write(3, data, 0, 4096); // returns although the bio thread cannot write yet
            assertEquals(BlockMapEntry.UNMAPPED, v.mapping(3), "acknowledged before its data and metadata");
            assertReads(v, 3, data); // a read meets the write in flight and copies its data
            dev.holdWrites = null;
            hold.countDown();
            v.flush();
            assertFalse(where.storageWrite.isEmpty());
            assertEquals(MappingState.UNCOMPRESSED, v.mapping(3).state());
            assertReads(v, 3, data);
        }
    }

    @Test
    void inlineHasNoThreads() {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(16).build()) {
            v.write(0, block(DataKind.FIO60, 1), 0, 4096);
            v.flush();
            assertEquals("inline", v.statistics().execution());
            assertTrue(v.statistics().threads().isEmpty());
            assertEquals(0, v.workerThreadIds().length);
        }
    }
}
