package io.vdobench.vdo.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * MurmurHash3 x64_128 against published reference values (vectors/murmur3-x64-128.tsv: Elasticsearch's
 * MurmurHash3Tests and the Python mmh3 README), then dm-vdo's record-name conventions.
 */
class MurmurHash3Test {

    static Stream<Arguments> vectors() {
        List<String[]> rows = Vectors.tsv("murmur3-x64-128.tsv");
        assertEquals(10, rows.size());
        return rows.stream().map(r -> Arguments.of((Object) r));
    }

    @ParameterizedTest(name = "seed {0} input {1}")
    @MethodSource("vectors")
    void matchesPublishedVector(String[] row) {
        int seed = Integer.parseInt(row[0]);
        byte[] input = Vectors.hex(row[1]);
        long[] out = new long[2];
        // Place the input at a non-zero offset to check offset handling too.
        byte[] padded = new byte[input.length + 3];
        System.arraycopy(input, 0, padded, 3, input.length);
        MurmurHash3.hash128(padded, 3, input.length, seed, out);
        assertEquals(Long.parseUnsignedLong(row[2], 16), out[0], "h1 of " + row[4]);
        assertEquals(Long.parseUnsignedLong(row[3], 16), out[1], "h2 of " + row[4]);
    }

    @Test
    void recordNameBytesAreH1ThenH2LittleEndian() {
        // mmh3.hash_bytes('foo') = 6145f501578671e2877dba2be487af7e (h1 LE then h2 LE), the order dm-vdo stores.
        RecordName n = new RecordName(0xe271865701f54561L, 0x7eaf87e42bba7d87L);
        assertEquals("6145f501578671e2877dba2be487af7e", n.toString());
        assertEquals(0x61, n.byte0());
    }

    @Test
    void recordNameUsesDmVdoSeedOverTheWholeBlock() {
        byte[] block = DataKind.TEXT.generate(4096, 7);
        long[] seeded = new long[2];
        MurmurHash3.hash128(block, 0, 4096, 0x62ea60be, seeded);
        RecordName name = RecordName.of(block, 0);
        assertEquals(seeded[0], name.h1());
        assertEquals(seeded[1], name.h2());
        long[] unseeded = new long[2];
        MurmurHash3.hash128(block, 0, 4096, 0, unseeded);
        assertNotEquals(unseeded[0], name.h1());
        block[4095] ^= 1;
        assertNotEquals(name, RecordName.of(block, 0));
    }

    @Test
    void hashZoneIsByteZeroScaled() {
        assertEquals(0, RecordName.hashZone(0x00, 4));
        assertEquals(3, RecordName.hashZone(0xFF, 4));
        assertEquals(2, RecordName.hashZone(0x180, 4)); // only byte 0 (0x80) counts
    }

    @Test
    void copyAndHashCopiesHashesAndDetectsZeroBlocks() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int trial = 0; trial < 200; trial++) {
            int len = 16 * rnd.nextInt(0, 300);
            int srcOff = rnd.nextInt(0, 17);
            int dstOff = rnd.nextInt(0, 17);
            byte[] src = new byte[srcOff + len + 5];
            byte[] dst = new byte[dstOff + len + 3];
            Arrays.fill(dst, (byte) 0x5a);
            if (trial % 3 != 0 && len > 0) {
                // sparse data: often a single non-zero byte, to test the zero result exactly
                src[srcOff + rnd.nextInt(len)] = (byte) (1 + rnd.nextInt(255));
            }
            int seed = rnd.nextInt();
            long[] fused = new long[2];
            long any = MurmurHash3.copyAndHash128(src, srcOff, dst, dstOff, len, seed, fused);
            long[] plain = new long[2];
            MurmurHash3.hash128(src, srcOff, len, seed, plain);
            assertArrayEquals(plain, fused, "hash, trial " + trial);
            assertArrayEquals(Arrays.copyOfRange(src, srcOff, srcOff + len), Arrays.copyOfRange(dst, dstOff, dstOff + len));
            assertEquals((byte) 0x5a, dst[dstOff + len], "wrote past the end");
            if (dstOff > 0) {
                assertEquals((byte) 0x5a, dst[dstOff - 1], "wrote before the start");
            }
            boolean zero = Arrays.mismatch(src, srcOff, srcOff + len, new byte[len], 0, len) < 0;
            assertEquals(zero, any == 0, "zero detection, trial " + trial);
        }
    }

    @Test
    void copyAndComputeIsTheRecordName() {
        byte[] block = DataKind.TEXT.generate(4096, 9);
        byte[] copy = new byte[4096];
        long[] name = new long[2];
        assertFalse(RecordName.copyAndCompute(block, 0, copy, name));
        assertEquals(RecordName.of(block, 0), new RecordName(name[0], name[1]));
        assertArrayEquals(block, copy);
        assertTrue(RecordName.copyAndCompute(new byte[4096], 0, copy, name));
    }

    @Test
    void copyAndHashRejectsBadLengthsAndRanges() {
        long[] out = new long[2];
        assertThrows(IllegalArgumentException.class, () -> MurmurHash3.copyAndHash128(new byte[32], 0, new byte[32], 0, 15, 0, out));
        assertThrows(IndexOutOfBoundsException.class, () -> MurmurHash3.copyAndHash128(new byte[32], 8, new byte[32], 0, 32, 0, out));
        assertThrows(IndexOutOfBoundsException.class, () -> MurmurHash3.copyAndHash128(new byte[32], 0, new byte[16], 0, 32, 0, out));
    }
}
