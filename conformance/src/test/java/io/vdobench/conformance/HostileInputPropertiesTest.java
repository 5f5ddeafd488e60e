package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.FragmentLocation;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Issue 4 §5, property-based half: jqwik generates (and shrinks) hostile inputs instead of mutating
 * valid ones. Properties: every decoder ends arbitrary bytes with a typed error or exactly the claimed
 * length inside its range; the pipeline's header validation agrees with dm-vdo's rules on every 1.0
 * header; tagged headers are refused by a 1.0 reader; and the suite's own DEFLATE analyser agrees with
 * zlib on damaged streams (the matrix's expectations rest on it).
 */
class HostileInputPropertiesTest {
    private static Codecs codecs;
    private static Codec[] decoders;

    @BeforeContainer
    static void load() {
        codecs = Codecs.load();
        decoders = Arrays.stream(HostileInputFuzzTest.DECODERS).map(codecs::require).toArray(Codec[]::new);
    }

    @AfterContainer
    static void close() {
        codecs.close();
    }

    @Property(tries = 2000)
    void arbitraryBytesEndInATypedErrorOrExactLengthInsideTheRange(
            @ForAll @Size(max = 600) byte[] input, @ForAll @IntRange(min = 1, max = 70000) int expected,
            @ForAll @IntRange(min = 0, max = 7) int decoder) {
        Codec c = decoders[decoder];
        byte[] dst = new byte[expected + 128];
        Arrays.fill(dst, (byte) 0xA5);
        try {
            c.decompress(input, 0, input.length, dst, 64, expected);
        } catch (CodecException typed) {
            // fine: typed
        }
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) 0xA5, dst[i], c.id() + " wrote before dst");
            assertEquals((byte) 0xA5, dst[64 + expected + i], c.id() + " wrote past dst");
        }
    }

    @Provide
    Arbitrary<Integer> sizeFields() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 600)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 1, 4059, 4060, 4061, 2030, 0x0FFF, 0x1000, 0xFFFF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
    }

    @Property(tries = 3000)
    void pipelineValidationAgreesWithDmVdoOnEvery10Header(
            @ForAll @Size(14) java.util.List<@net.jqwik.api.From("sizeFields") Integer> sizes,
            @ForAll @IntRange(min = 0, max = 17) int state) {
        byte[] b = new byte[4096];
        b[0] = 1;
        for (int s = 0; s < 14; s++) {
            b[8 + 2 * s] = (byte) (int) sizes.get(s);
            b[9 + 2 * s] = (byte) (sizes.get(s) >>> 8);
        }
        FragmentLocation loc = new FragmentLocation();
        int rule = CompressedBlock.check(b, 0, state, loc);
        DmVdoV1Reader.Lookup dm = DmVdoV1Reader.lookup(b, state);
        assertEquals(dm.rule(), rule, "rule");
        if (rule == 0) {
            assertEquals(dm.offset(), loc.offset());
            assertEquals(dm.size(), loc.size());
            assertTrue(loc.blockOffset() >= 36 && loc.blockOffset() + loc.size() <= 4096);
        }
    }

    @Property(tries = 1000)
    void taggedBlocksAreRefusedByA10Reader(@ForAll @IntRange(min = 2, max = 14) int used,
                                          @ForAll @IntRange(min = 1, max = 200) int size,
                                          @ForAll @IntRange(min = 1, max = 3) int tag,
                                          @ForAll @IntRange(min = 2, max = 15) int state) {
        byte[] b = new byte[4096];
        CompressedBlock.setVersion(b, 0, CompressedBlockVersion.TAGGED_2_0);
        for (int s = 0; s < used; s++) {
            CompressedBlock.setSlot(b, 0, CompressedBlockVersion.TAGGED_2_0, s, size, CompressionAlgorithm.fromTag(tag));
        }
        assertEquals(2, DmVdoV1Reader.lookup(b, state).rule());
        if (state - 2 < used) {
            int careless = DmVdoV1Reader.lookup(b, state, true).rule();
            assertTrue(careless == 4 || careless == 5, "rule " + careless);
        }
    }

    @Property(tries = 1500)
    void analyserAgreesWithZlibOnDamagedStreams(@ForAll @IntRange(min = 0, max = 8) int kind,
                                               @ForAll @IntRange(min = 0, max = 1 << 20) int flipSeed,
                                               @ForAll @IntRange(min = 0, max = 3) int flips) throws DataFormatException {
        byte[] data = DataKind.values()[kind].generate(4096, kind);
        byte[] out = new byte[9000];
        int n = codecs.require("zlib:impl=jdk,level=6").compress(data, 0, 4096, out, 0, out.length);
        byte[] s = Arrays.copyOf(out, n);
        java.util.SplittableRandom r = new java.util.SplittableRandom(flipSeed);
        for (int i = 0; i < flips; i++) {
            int bit = r.nextInt(n * 8);
            s[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        byte[] zlib = null;
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(s);
            byte[] z = new byte[8192];
            int got = inf.inflate(z);
            if (inf.finished()) {
                zlib = Arrays.copyOf(z, got);
            }
        } catch (DataFormatException e) {
            zlib = null;
        } finally {
            inf.end();
        }
        byte[] mine;
        try {
            mine = DeflateStreamAnalyser.decode(s, 0, s.length, 8192);
        } catch (DeflateStreamAnalyser.MalformedDeflateException e) {
            mine = null;
        }
        if (zlib == null) {
            assertEquals(null, mine == null ? null : "analyser decoded " + mine.length + " bytes that zlib rejects");
        } else {
            assertArrayEquals(zlib, mine);
        }
    }
}
