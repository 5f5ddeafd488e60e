package io.vdobench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Offline checks of the fio generator: hand-computable structure plus vectors recorded from fio 3.33. */
class FioBufferGeneratorTest {
    private static final long G = FioBufferGenerator.GOLDEN_RATIO_64;

    static Properties golden() throws IOException {
        Properties p = new Properties();
        try (InputStream in = FioBufferGeneratorTest.class.getResourceAsStream("fio-3.33-golden.properties")) {
            p.load(in);
        }
        return p;
    }

    static String sha256(byte[] b, int off, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(b, off, len);
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void goldenP60FileFromRandseed() throws Exception {
        Properties g = golden();
        long randseed = Long.parseLong(g.getProperty("p60.randseed"));
        // fio fills its single io_u buffer (iodepth=1, bs=4k) once before the first write.
        byte[] stream = new byte[4096 + 65536];
        FioData.fill(stream, 0, stream.length, 60, randseed);
        ByteBuffer le = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        String[] seeds = g.getProperty("p60.seeds").split(" ");
        for (int i = 0; i < seeds.length; i++) {
            assertEquals(seeds[i], String.format("%016x", le.getLong(4096 + 512 * i)), "chunk seed " + i);
        }
        assertEquals(g.getProperty("p60.sha256"), sha256(stream, 4096, 65536));
    }

    @Test
    void goldenDedupeTausworthe64File() throws Exception {
        Properties g = golden();
        var opts = FioBufferGenerator.Options.compress(60).withDedupe(40).withTausworthe64(true);
        var gen = FioBufferGenerator.forJob(opts, Long.parseLong(g.getProperty("dedupe.randseed")), 1);
        byte[] file = new byte[65536];
        byte[] initial = new byte[4096];
        gen.fillBuffer(initial, 0, 4096, 4096);
        for (int off = 0; off < file.length; off += 4096) {
            gen.fillBuffer(file, off, 4096, 4096);
        }
        assertEquals(g.getProperty("dedupe.sha256"), sha256(file, 0, file.length));
    }

    @Test
    void randomFillUsesFourLanesThenLaneZeroTail() {
        long seed = 0x0123456789abcdefL;
        byte[] b = new byte[204];
        FioBufferGenerator.fillRandom(b, 0, 204, seed);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long[] lane = {seed, seed * 2, seed * 3, seed * 5};
        // 25 whole words: 6 groups of 4 lanes, then word 24 from lane 0, then 4 tail bytes.
        for (int w = 0; w < 24; w++) {
            assertEquals(lane[w % 4], le.getLong(8 * w), "word " + w);
            if (w % 4 == 3) {
                for (int p = 0; p < 4; p++) {
                    lane[p] *= G;
                }
            }
        }
        assertEquals(lane[0], le.getLong(192));
        long next = lane[0] * G;
        for (int k = 0; k < 4; k++) {
            assertEquals((byte) (next >>> (8 * k)), b[200 + k], "tail byte " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({"60,512,204", "10,512,460", "30,512,358", "90,512,51", "60,1000,400", "0,512,512"})
    void chunkIsRandomPrefixThenZeros(int percentage, int chunk, int randomLen) {
        byte[] b = new byte[chunk];
        java.util.Arrays.fill(b, (byte) 0x55);
        long seed = 0x7777_0000_1234_5679L;
        FioBufferGenerator.fillPercentage(seed, b, 0, chunk, percentage, chunk, null);
        assertEquals(seed, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        byte[] expectRandom = new byte[randomLen];
        FioBufferGenerator.fillRandom(expectRandom, 0, randomLen, seed);
        assertArrayEquals(expectRandom, java.util.Arrays.copyOf(b, randomLen));
        for (int i = randomLen; i < chunk; i++) {
            assertEquals(0, b[i], "byte " + i + " must be zero");
        }
    }

    @Test
    void patternFillsTheCompressibleTail() {
        byte[] b = new byte[512];
        byte[] pat = {(byte) 0xde, (byte) 0xad, (byte) 0xbe};
        FioBufferGenerator.fillPercentage(42, b, 0, 512, 60, 512, pat);
        for (int i = 204; i < 512; i++) {
            assertEquals(pat[(i - 204) % 3], b[i]);
        }
    }

    @Test
    void hundredPercentIsZerosAndPatternIsRepeated() {
        byte[] b = new byte[4096];
        java.util.Arrays.fill(b, (byte) 1);
        FioData.fill(b, 0, 4096, 100, 7);
        assertTrue(allZero(b, 0, 4096));
        var gen = FioBufferGenerator.forJob(
                FioBufferGenerator.Options.compress(0).withPattern(new byte[] {1, 2}), 7, 1);
        gen.fillBuffer(b, 0, 4096, 4096);
        for (int i = 0; i < 4096; i++) {
            assertEquals(i % 2 == 0 ? 1 : 2, b[i]);
        }
    }

    @Test
    void dataKindEqualsFirstBufferOfStatefulJob() {
        for (int p : new int[] {10, 30, 60, 90}) {
            DataKind kind = DataKind.valueOf("FIO" + p);
            byte[] viaKind = kind.generate(16384, 99);
            byte[] viaJob = new byte[16384];
            FioBufferGenerator.forJob(FioBufferGenerator.Options.compress(p), 99, 1).fillBuffer(viaJob, 0, 16384, 16384);
            assertArrayEquals(viaJob, viaKind, "FIO" + p);
        }
        // A fill at an offset touches only its range.
        byte[] b = new byte[600];
        DataKind.FIO60.fill(b, 50, 512, 3);
        assertTrue(allZero(b, 0, 50));
        assertTrue(allZero(b, 562, 600));
    }

    @Test
    void seedsDependOnRandseedAndThreadNumber() {
        long a = FioBufferGenerator.jobSeed(1, 1, FioBufferGenerator.FIO_RAND_BUF_OFF);
        assertNotEquals(a, FioBufferGenerator.jobSeed(1, 2, FioBufferGenerator.FIO_RAND_BUF_OFF));
        assertNotEquals(a, FioBufferGenerator.jobSeed(2, 1, FioBufferGenerator.FIO_RAND_BUF_OFF));
        // Hand check of the scramble: randseed * K^(4+9) * thread + 9.
        long k = 0x9e370001L;
        long expect = 1;
        for (int i = 0; i < 13; i++) {
            expect *= k;
        }
        assertEquals(expect * 3 + 9, FioBufferGenerator.jobSeed(1, 3, 9));
    }

    @Test
    void betweenStaysInRange() {
        for (boolean t64 : new boolean[] {false, true}) {
            FioRandom r = new FioRandom(12345, t64);
            int[] seen = new int[101];
            for (int i = 0; i < 20000; i++) {
                long v = r.between(1, 100);
                assertTrue(v >= 1 && v <= 100, "value " + v);
                seen[(int) v]++;
            }
            for (int v = 1; v <= 100; v++) {
                assertTrue(seen[v] > 100, "value " + v + " drawn " + seen[v] + " times");
            }
        }
    }

    @Test
    void copyFromReplaysTheSameSequence() {
        FioRandom a = new FioRandom(5, false);
        a.next();
        FioRandom b = new FioRandom(0, true);
        b.copyFrom(a);
        for (int i = 0; i < 10; i++) {
            assertEquals(a.nextSeed(), b.nextSeed());
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> FioBufferGenerator.Options.compress(101));
        assertThrows(IllegalArgumentException.class, () -> FioBufferGenerator.Options.compress(-1));
        var ws = FioBufferGenerator.Options.compress(60).withWorkingSetDedupe(10, 5);
        assertThrows(IllegalArgumentException.class, () -> FioBufferGenerator.forJob(ws, 1, 1)); // needs size
        assertThrows(IllegalArgumentException.class, () -> FioBufferGenerator.forJob(ws, 1, 1, 4096, 4096)); // 0 pages
        assertThrows(IllegalArgumentException.class,
                () -> FioBufferGenerator.Options.compress(60).withWorkingSetDedupe(90, 20)); // fio refuses > 100
        assertThrows(IllegalArgumentException.class,
                () -> FioBufferGenerator.forJob(FioBufferGenerator.Options.compress(60), 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> DataKind.FIO60.fill(new byte[100], 50, 51, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> FioBufferGenerator.fillRandom(new byte[8], -1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> FioBufferGenerator.fillJobStream(new byte[8], 0, 8, 60, 0, 1));
        var gen = FioBufferGenerator.forJob(FioBufferGenerator.Options.compress(60).withChunk(0), 1, 1);
        assertThrows(IllegalArgumentException.class, () -> gen.fillBuffer(new byte[4096], 0, 4096, 0));
        byte[] guard = new byte[16];
        gen.fillBuffer(guard, 8, 0, 4096); // empty fill writes nothing
        assertTrue(allZero(guard, 0, 16));
        FioBufferGenerator.fillPercentage(1, guard, 16, 0, 60, 512, null);
        assertThrows(IllegalArgumentException.class, () -> FioBufferGenerator.fillPercentage(1, guard, 0, 8, 60, 0, null));
    }

    @Test
    void fillAllocatesNothingInSteadyState() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] b = new byte[131072];
        var gen = FioBufferGenerator.forJob(FioBufferGenerator.Options.compress(60).withDedupe(30), 1, 1);
        for (int i = 0; i < 2000; i++) { // let the JIT settle
            DataKind.FIO60.fill(b, 0, 4096, i);
            gen.fillBuffer(b, 0, 4096, 4096);
        }
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 2000; i++) {
            DataKind.FIO60.fill(b, 0, 131072, i);
            gen.fillBuffer(b, 0, 4096, 4096);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        // 4000 fills; a per-fill allocation of even 16 bytes would show as >= 64000 bytes.
        assertTrue(allocated < 16_000, "allocated " + allocated + " bytes over 4000 fills");
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
