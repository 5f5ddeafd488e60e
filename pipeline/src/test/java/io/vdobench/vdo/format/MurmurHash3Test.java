package io.vdobench.vdo.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vdobench.data.DataKind;
import java.util.List;
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
}
