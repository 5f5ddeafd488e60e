package io.vdobench.vdo;

import static io.vdobench.vdo.VolumeTestSupport.assertReferenceCountsConsistent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.MappingState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many submitters at once. The model-based test gives each thread the LBNs {@code lbn % threads == t}
 * so that each thread's own operations form a sequential oracle for its LBNs, while contents come
 * from one shared pool (so identical data is written concurrently and dedupe crosses threads) and
 * every thread also reads other threads' LBNs while they are being written (such a read must
 * return some pool content or zeros, never anything else).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    private static final int POOL = 48;
    private static final byte[][] CONTENTS = new byte[POOL][];
    private static final Map<ByteBuffer, Integer> BY_CONTENT = new HashMap<>();

    static {
        DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.TEXT, DataKind.RANDOM, DataKind.SINGLE_BYTE, DataKind.ZEROS};
        for (int i = 0; i < POOL; i++) {
            CONTENTS[i] = kinds[i % kinds.length].generate(4096, i);
            BY_CONTENT.putIfAbsent(ByteBuffer.wrap(CONTENTS[i]), i);
        }
    }

    private static boolean isPoolContentOrZero(byte[] b) {
        return BY_CONTENT.containsKey(ByteBuffer.wrap(b)) || DataVioPath.isZeroBlock(b);
    }

    /** Zoned threads (several logical, physical and hash zones, two cpu threads, no ack thread): more hand-overs. */
    static final String ZONED = "logical=3,physical=2,hash=2,cpu=2,ack=0,bio=2,bioRotationInterval=1";

    @ParameterizedTest(name = "{0} jobs, {1} {2}")
    @CsvSource(delimiter = ';', value = {"1;INLINE;.", "8;INLINE;.", "16;INLINE;.", "1;THREADS;.", "8;THREADS;.",
        "16;THREADS;.", "8;THREADS;" + ZONED, "16;THREADS;" + ZONED})
    void randomOperationsAgainstASequentialOracle(int jobs, Execution ex, String threads) throws Exception {
        int perThread = 48;
        int logical = jobs * perThread;
        int ops = 16000 / jobs;
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(logical).execution(ex).threads(ThreadConfig.parse(threads))
                .build()) {
            int[][] oracle = new int[jobs][perThread]; // content index, -1 = never written/discarded (unmapped)
            ExecutorService pool = Executors.newFixedThreadPool(jobs);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < jobs; t++) {
                final int me = t;
                fs.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(1000 + me);
                    int[] mine = oracle[me];
                    java.util.Arrays.fill(mine, -1);
                    byte[] buf = new byte[4096 * 2];
                    for (int op = 0; op < ops; op++) {
                        int slot = r.nextInt(perThread);
                        long lbn = (long) slot * jobs + me;
                        int dice = r.nextInt(100);
                        if (dice < 50) {
                            int c = r.nextInt(POOL);
                            v.write(lbn, CONTENTS[c], 0, 4096);
                            mine[slot] = c;
                        } else if (dice < 60) {
                            v.discard(lbn, 1);
                            mine[slot] = -1;
                        } else if (dice < 85) {
                            v.read(lbn, buf, 0, 4096);
                            byte[] want = mine[slot] < 0 ? new byte[4096] : CONTENTS[mine[slot]];
                            assertArrayEquals(want, java.util.Arrays.copyOf(buf, 4096), "own LBN " + lbn);
                        } else if (dice < 99) {
                            long other = r.nextInt(logical - 1); // two blocks, racing other writers
                            v.read(other, buf, 0, 8192);
                            assertTrue(isPoolContentOrZero(java.util.Arrays.copyOf(buf, 4096)), "LBN " + other);
                            assertTrue(isPoolContentOrZero(java.util.Arrays.copyOfRange(buf, 4096, 8192)), "LBN " + (other + 1));
                        } else {
                            v.flush();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            v.flush();
            long mapped = 0;
            byte[] got = new byte[4096];
            for (int t = 0; t < jobs; t++) {
                for (int slot = 0; slot < perThread; slot++) {
                    long lbn = (long) slot * jobs + t;
                    int c = oracle[t][slot];
                    v.read(lbn, got, 0, 4096);
                    assertArrayEquals(c < 0 ? new byte[4096] : CONTENTS[c], got, "LBN " + lbn);
                    assertEquals(c >= 0, v.mapping(lbn).state() != MappingState.UNMAPPED, "LBN " + lbn);
                    mapped += c >= 0 ? 1 : 0;
                }
            }
            VdoStatistics s = v.statistics();
            assertEquals(mapped, s.logicalBlocksUsed());
            long used = assertReferenceCountsConsistent(v);
            assertTrue(used <= POOL, "at most one block per distinct content plus packed blocks: " + used);
            assertEquals(0, s.fragmentsInPacker());
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void overwritesOfTheSameLbnsFromSixteenThreads(Execution ex) throws Exception {
        int lbns = 8;
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(lbns).execution(ex).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                final int me = t;
                fs.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(me);
                    byte[] buf = new byte[4096];
                    for (int i = 0; i < 400; i++) {
                        long lbn = r.nextInt(lbns);
                        if (r.nextBoolean()) {
                            v.write(lbn, CONTENTS[r.nextInt(POOL)], 0, 4096);
                        } else {
                            v.read(lbn, buf, 0, 4096);
                            assertTrue(isPoolContentOrZero(buf));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            v.flush();
            byte[] got = new byte[4096];
            for (int lbn = 0; lbn < lbns; lbn++) {
                v.read(lbn, got, 0, 4096);
                assertTrue(isPoolContentOrZero(got));
            }
            assertReferenceCountsConsistent(v);
        }
    }

    /** 320 concurrent copies of one block: 254 references fill the first copy, the rest roll over to exactly one more. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void theReferenceLimitRollsOverToExactlyOneNewCopy(Execution ex) throws Exception {
        int threads = 16;
        int perThread = 20;
        byte[] data = DataKind.FIO60.generate(4096, 4242);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(threads * perThread).execution(ex).build()) {
            CyclicBarrier barrier = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int me = t;
                fs.add(pool.submit(() -> {
                    barrier.await();
                    for (int i = 0; i < perThread; i++) {
                        v.write((long) i * threads + me, data, 0, 4096);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            v.flush();
            VdoStatistics s = v.statistics();
            assertEquals(2, s.dataBlocksUsed(), s.format());
            assertEquals(threads * perThread - 2, s.dedupeHits(), s.format());
            java.util.Set<Long> pbns = new java.util.HashSet<>();
            for (int lbn = 0; lbn < threads * perThread; lbn++) {
                pbns.add(v.mapping(lbn).pbn());
                VolumeTestSupport.assertReads(v, lbn, data);
            }
            assertEquals(2, pbns.size());
            List<Integer> counts = new ArrayList<>();
            for (long p : pbns) {
                counts.add(v.referenceCount(p));
            }
            counts.sort(null);
            assertEquals(List.of(threads * perThread - 254, 254), counts);
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void identicalDataWrittenConcurrentlyIsStoredOnce(Execution ex) throws Exception {
        int threads = 16;
        int rounds = 10;
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(threads * rounds).execution(ex).build()) {
            CyclicBarrier barrier = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int me = t;
                fs.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        byte[] data = DataKind.FIO60.generate(4096, 777 + round);
                        barrier.await();
                        v.write((long) round * threads + me, data, 0, 4096);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            v.flush();
            VdoStatistics s = v.statistics();
            assertEquals(rounds, s.dataBlocksUsed(), s.format());
            assertEquals((long) rounds * (threads - 1), s.dedupeHits(), s.format());
            assertEquals((long) rounds * threads, s.logicalBlocksUsed());
            for (int round = 0; round < rounds; round++) {
                byte[] data = DataKind.FIO60.generate(4096, 777 + round);
                for (int t = 0; t < threads; t++) {
                    VolumeTestSupport.assertReads(v, (long) round * threads + t, data);
                }
            }
            assertReferenceCountsConsistent(v);
        }
    }
}
