package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.vdo.FragmentDecoder;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4 §3: the packed-block vectors (data files, made by make_vectors.py with the C liblz4 and
 * Python's zlib) read by two readers: {@link DmVdoV1Reader} (dm-vdo's rules, 1.0 only: an unpatched
 * kernel) and the pipeline's {@link CompressedBlock} (1.0 + tagged 2.0), then decoded by the pipeline's
 * {@link FragmentDecoder}; every validation rule has a violating vector with its expected error.
 */
class HeaderCompatibilityTest {
    private static Codecs codecs;
    private static FragmentDecoder decoder;

    @BeforeAll
    static void load() {
        codecs = Codecs.load();
        decoder = new FragmentDecoder(codecs.require("lz4:impl=ffm"),
                codecs.require("qpl:path=software,huffman=fixed,level=default,verify=on"),
                codecs.require("libdeflate:level=6"), codecs.require("zlib:impl=jdk,level=6"));
    }

    @AfterAll
    static void close() {
        codecs.close();
    }

    static Stream<Arguments> blocks() {
        return Vectors.tsv("blocks.tsv").stream().map(r -> Arguments.of(r[0], Integer.parseInt(r[1]), r[2]));
    }

    static Stream<Arguments> violations() {
        return Vectors.tsv("violations.tsv").stream().map(r -> Arguments.of(r[0], r[1], r[2], Integer.parseInt(r[3]), r[4], r[5], r[6]));
    }

    /** Pipeline lookup as "ok offset size" / "invalid rule". */
    private static String pipelineLookup(byte[] block, int state, FragmentLocation loc) {
        int rule = CompressedBlock.check(block, 0, state, loc);
        return rule == 0 ? "ok " + loc.offset() + " " + loc.size() : "invalid " + rule;
    }

    @ParameterizedTest(name = "{0} state {1}")
    @MethodSource("blocks")
    void vectorSlotsLocateAndDecode(String file, int state, String expect) {
        String[] e = expect.split(" "); // ok version offset size algorithm sha
        byte[] block = Vectors.bytes(file);
        FragmentLocation loc = new FragmentLocation();
        assertEquals("ok " + e[2] + " " + e[3], pipelineLookup(block, state, loc));
        assertEquals(e[1], loc.version().major() + "." + loc.version().minor(), "version");
        assertEquals(CompressionAlgorithm.valueOf(e[4]), loc.algorithm());
        // dm-vdo's own rules: 1.0 blocks locate identically, tagged blocks are refused by the version check.
        String dm = DmVdoV1Reader.lookup(block, state).toString();
        assertEquals(e[1].equals("1.0") ? "ok " + e[2] + " " + e[3] : "invalid 2", dm);
        byte[] out = new byte[4096];
        decoder.decode(loc.algorithm(), block, loc.blockOffset(), loc.size(), out, 0);
        assertEquals(e[5], Vectors.sha256(out));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void everyRuleHasAViolatingVector(String name, String file, String edits, int state, String dmExpect,
                                      String pipelineExpect, String decode) {
        byte[] block = Vectors.edit(Vectors.bytes(file), edits);
        assertEquals(dmExpect, DmVdoV1Reader.lookup(block, state).toString(), "dm-vdo 1.0 reader");
        FragmentLocation loc = new FragmentLocation();
        assertEquals(pipelineExpect, pipelineLookup(block, state, loc), "pipeline reader");
        if (pipelineExpect.startsWith("invalid")) {
            VdoException ex = assertThrows(VdoException.class, () -> CompressedBlock.locate(block, 0, state, new FragmentLocation()));
            assertEquals(VdoStatus.INVALID_FRAGMENT, ex.status());
            return;
        }
        byte[] out = new byte[4096];
        if (decode.equals("fails")) {
            VdoException ex = assertThrows(VdoException.class,
                    () -> decoder.decode(loc.algorithm(), block, loc.blockOffset(), loc.size(), out, 0));
            assertEquals(VdoStatus.INVALID_FRAGMENT, ex.status());
        } else {
            decoder.decode(loc.algorithm(), block, loc.blockOffset(), loc.size(), out, 0);
            assertEquals(decode, Vectors.sha256(out));
        }
    }

    @Test
    void everyDmVdoRuleAndTheTaggedRuleIsViolatedBySomeVector() {
        List<String> rules = Vectors.tsv("violations.tsv").stream().flatMap(r -> Stream.of(r[4], r[5]))
                .filter(s -> s.startsWith("invalid")).distinct().sorted().toList();
        assertEquals(List.of("invalid 1", "invalid 2", "invalid 3", "invalid 4", "invalid 5", "invalid 6"), rules);
    }

    /** Encoding: the pipeline's header writer reproduces the vectors' headers byte for byte. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v1-two-fragments.bin", "v1-fourteen-fragments.bin", "v2-mixed-algorithms.bin"})
    void pipelineWriterReproducesVectorHeaders(String file) {
        byte[] vector = Vectors.bytes(file);
        CompressedBlockVersion version = CompressedBlock.version(vector, 0);
        byte[] mine = new byte[4096];
        Arrays.fill(mine, (byte) 0x5a); // the writer must set every header byte itself
        CompressedBlock.setVersion(mine, 0, version);
        int used = 0;
        FragmentLocation loc = new FragmentLocation();
        for (int slot = 0; slot < 14; slot++) {
            if (CompressedBlock.check(vector, 0, slot + 2, loc) != 0 || loc.size() == 0) {
                break;
            }
            CompressedBlock.setSlot(mine, 0, version, slot, loc.size(), loc.algorithm());
            used++;
        }
        CompressedBlock.clearSlotsFrom(mine, 0, used);
        assertArrayEquals(Arrays.copyOf(vector, 36), Arrays.copyOf(mine, 36), file);
        assertTrue(used >= 2);
    }

    /**
     * Defence in depth: even a reader that skipped the version check could not decode a tagged slot,
     * because the tag nibble makes every used size field at least 4096 > 4060.
     */
    @Test
    void taggedSlotsFailRule4Or5ForAReaderIgnoringTheVersion() {
        byte[] v2 = Vectors.bytes("v2-mixed-algorithms.bin");
        for (int state = 2; state <= 5; state++) {
            int rule = DmVdoV1Reader.lookup(v2, state, true).rule();
            assertTrue(rule == 4 || rule == 5, "state " + state + " rule " + rule);
        }
    }
}
