package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Same input → same bytes, whatever the pooled job compressed before; and the pool under threads. */
class QplDeterminismTest {

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (Huffman h : Huffman.values()) {
            for (Level l : Level.values()) {
                out.add(Arguments.of(h, l));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void identicalInputCompressesToIdenticalBytesOnAReusedJob(Huffman h, Level l) {
        QplAssumptions.requireLibqpl();
        // 16 different 4 KiB blocks, compressed in a shuffled order on one thread (so one pooled job):
        // without the per-block reset, fixed/default output sizes drift with the job's history.
        byte[][] blocks = new byte[16][];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = (b % 2 == 0 ? DataKind.FIO60 : DataKind.TEXT).generate(4096, 100 + b);
        }
        try (QplCodec c = new QplCodec(Options.of(QplPath.SOFTWARE, h, l));
             QplCodec fresh = new QplCodec(Options.of(QplPath.SOFTWARE, h, l))) {
            byte[][] first = new byte[blocks.length][];
            for (int b = 0; b < blocks.length; b++) {
                first[b] = compress(c, blocks[b]);
            }
            java.util.SplittableRandom r = new java.util.SplittableRandom(5);
            for (int i = 0; i < 200; i++) {
                int b = r.nextInt(blocks.length);
                assertArrayEquals(first[b], compress(c, blocks[b]), "block " + b + " at step " + i);
            }
            // And a codec whose job never saw anything else agrees too.
            for (int b = blocks.length - 1; b >= 0; b--) {
                assertArrayEquals(first[b], compress(fresh, blocks[b]), "block " + b + " in reverse order");
            }
            assertEquals(1, c.jobsCreated(), "one thread must reuse one pooled job");
        }
    }

    private static byte[] compress(QplCodec c, byte[] src) {
        byte[] dst = new byte[src.length];
        int n = c.compress(src, 0, src.length, dst, 0, dst.length);
        assertTrue(n > 0);
        return Arrays.copyOf(dst, n);
    }

    @Test
    void concurrentUseOfPooledJobs() throws Exception {
        QplAssumptions.requireLibqpl();
        int threads = 4;
        try (QplCodec c = new QplCodec(Options.of(QplPath.SOFTWARE, Huffman.FIXED, Level.DEFAULT))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<Integer>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    work.add(() -> {
                        int done = 0;
                        // The same compress on a codec private to this thread must give identical bytes.
                        try (QplCodec alone = new QplCodec(Options.of(QplPath.SOFTWARE, Huffman.FIXED, Level.DEFAULT))) {
                        for (int i = 0; i < 150; i++) {
                            int size = QplCodecRoundTripTest.SIZES[(seed + i) % 4]; // 4K..32K keeps it quick
                            DataKind kind = i % 3 == 0 ? DataKind.TEXT : DataKind.FIO60;
                            byte[] src = kind.generate(size, seed * 1000L + i);
                            byte[] z = new byte[size];
                            int n = c.compress(src, 0, size, z, 0, size);
                            assertTrue(n > 0, "compress " + n);
                            assertArrayEquals(compress(alone, src), Arrays.copyOf(z, n), "concurrent output differs");
                            byte[] back = new byte[size];
                            c.decompress(z, 0, n, back, 0, size);
                            assertArrayEquals(src, back);
                            done++;
                        }
                        }
                        return done;
                    });
                }
                int total = 0;
                for (Future<Integer> f : pool.invokeAll(work)) {
                    total += f.get();
                }
                assertEquals(threads * 150, total);
                assertTrue(c.jobsCreated() >= 1 && c.jobsCreated() <= threads, "jobs created: " + c.jobsCreated());
            } finally {
                pool.shutdownNow();
            }
        }
    }

}
