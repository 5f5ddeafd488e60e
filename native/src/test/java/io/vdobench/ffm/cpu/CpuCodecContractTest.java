package io.vdobench.ffm.cpu;

import static io.vdobench.ffm.cpu.CpuCodecs.assertGuards;
import static io.vdobench.ffm.cpu.CpuCodecs.assumeAvailable;
import static io.vdobench.ffm.cpu.CpuCodecs.guarded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.data.DataKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec contract, for every FFM CPU variant (isal 0/1/3, libdeflate 1/6/9/12, zlib 4k 1/6/9,
 * lz4 ffm): round trips on every block size and data kind, hard destination limits, and typed
 * failures on bad input.
 */
class CpuCodecContractTest {
    private static final List<Codec> CODECS = CpuCodecs.all();
    private static final DataKind[] KINDS = {DataKind.ZEROS, DataKind.RANDOM, DataKind.FIO60, DataKind.TEXT};
    private static final Duration BAD_INPUT_BUDGET = Duration.ofSeconds(30);

    @AfterAll
    static void closeAll() {
        CODECS.forEach(Codec::close);
    }

    static Stream<Arguments> roundTripCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Codec c : CODECS) {
            for (int size : CpuCodecs.BLOCK_SIZES) {
                for (DataKind kind : KINDS) {
                    cases.add(Arguments.of(c.id(), size, kind));
                }
            }
        }
        return cases.stream();
    }

    static Stream<String> ids() {
        return CODECS.stream().map(Codec::id);
    }

    private static Codec codec(String id) {
        Codec c = CpuCodecs.byId(CODECS, id);
        assumeAvailable(c);
        return c;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("roundTripCases")
    void roundTripsWithCapacityEqualToInput(String id, int size, DataKind kind) {
        Codec c = codec(id);
        byte[] src = kind.generate(size, 42 + size);
        int off = 7;
        byte[] dst = guarded(off, size);
        int n = c.compress(src, 0, size, dst, off, size);
        assertGuards(dst, off, size);
        if (kind == DataKind.RANDOM) {
            assertEquals(Codec.DOES_NOT_FIT, n, "random data cannot fit in its own size");
            return;
        }
        assertTrue(n > 0 && n < size, "compressed length " + n + " for " + size + " bytes of " + kind);
        byte[] frag = Arrays.copyOfRange(dst, off, off + n);
        assertDecodes(c, frag, src);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void randomDataRoundTripsWhenGivenRoom(String id) {
        Codec c = codec(id);
        for (int size : CpuCodecs.BLOCK_SIZES) {
            byte[] src = DataKind.RANDOM.generate(size, size);
            // 2x: ISA-L level 0 (stateful) keeps its Huffman coding on random data and grows it ~1.26x.
            int cap = 2 * size;
            byte[] dst = new byte[cap];
            int n = c.compress(src, 0, size, dst, 0, cap);
            assertTrue(n > size, "random data grows: " + n);
            assertDecodes(c, Arrays.copyOf(dst, n), src);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void destinationTooSmallDoesNotFit(String id) {
        Codec c = codec(id);
        byte[] src = DataKind.FIO60.generate(8192, 3);
        byte[] full = new byte[8192];
        int n = c.compress(src, 0, src.length, full, 0, full.length);
        assertTrue(n > 0);
        for (int cap : new int[] {n - 1, n / 2, 16, 1, 0}) {
            int off = 5;
            byte[] dst = guarded(off, cap);
            assertEquals(Codec.DOES_NOT_FIT, c.compress(src, 0, src.length, dst, off, cap), "capacity " + cap);
            assertGuards(dst, off, cap);
        }
        // ... and the codec is still healthy afterwards (pooled state was reset).
        int again = c.compress(src, 0, src.length, full, 0, full.length);
        assertEquals(n, again);
        assertDecodes(c, Arrays.copyOf(full, n), src);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void wrongExpectedLengthIsCorruptAndNeverWritesPastIt(String id) {
        Codec c = codec(id);
        byte[] src = DataKind.TEXT.generate(4096, 9);
        byte[] frag = compress(c, src);
        int off = 3;
        for (int expected : new int[] {4095, 4000, 1, 0}) {
            byte[] out = guarded(off, expected);
            assertThrows(CorruptFragmentException.class,
                    () -> c.decompress(frag, 0, frag.length, out, off, expected), "expected " + expected);
            assertGuards(out, off, expected);
        }
        byte[] longer = guarded(off, 4097);
        assertThrows(CorruptFragmentException.class, () -> c.decompress(frag, 0, frag.length, longer, off, 4097));
        assertGuards(longer, off, 4097);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void truncatedInputIsCorrupt(String id) {
        Codec c = codec(id);
        for (DataKind kind : new DataKind[] {DataKind.FIO60, DataKind.TEXT, DataKind.ZEROS}) {
            byte[] src = kind.generate(4096, 11);
            byte[] frag = compress(c, src);
            assertTimeoutPreemptively(BAD_INPUT_BUDGET, () -> {
                byte[] out = guarded(0, src.length);
                for (int len = 0; len < frag.length; len++) {
                    int l = len;
                    assertThrows(CorruptFragmentException.class,
                            () -> c.decompress(frag, 0, l, out, 0, src.length), kind + " prefix of " + l + "/" + frag.length);
                    assertGuards(out, 0, src.length);
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void trailingBytesAreCorrupt(String id) {
        Codec c = codec(id);
        byte[] src = DataKind.FIO60.generate(4096, 12);
        byte[] frag = compress(c, src);
        for (int extra : new int[] {1, 2, 9}) {
            byte[] longer = Arrays.copyOf(frag, frag.length + extra);
            Arrays.fill(longer, frag.length, longer.length, (byte) 0x42);
            byte[] out = guarded(0, src.length);
            assertThrows(CorruptFragmentException.class,
                    () -> c.decompress(longer, 0, longer.length, out, 0, src.length), extra + " trailing bytes");
            assertGuards(out, 0, src.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void bitFlipsAndGarbageGiveTypedErrorsOnly(String id) {
        Codec c = codec(id);
        byte[] src = DataKind.FIO60.generate(4096, 13);
        byte[] frag = compress(c, src);
        SplittableRandom r = new SplittableRandom(99);
        assertTimeoutPreemptively(BAD_INPUT_BUDGET, () -> {
            int rejected = 0;
            int trials = 0;
            for (int i = 0; i < 300; i++, trials++) {
                byte[] bad = frag.clone();
                int flips = 1 + r.nextInt(3);
                for (int k = 0; k < flips; k++) {
                    int bit = r.nextInt(bad.length * 8);
                    bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                rejected += decodesOrIsCorrupt(c, bad, src.length);
            }
            for (int i = 0; i < 300; i++, trials++) {
                byte[] garbage = new byte[1 + r.nextInt(3000)];
                r.nextBytes(garbage);
                rejected += decodesOrIsCorrupt(c, garbage, src.length);
            }
            // No checksum in a raw fragment: a flip inside a literal can decode "successfully".
            // Most damage must still be caught.
            assertTrue(rejected > trials / 2, rejected + " of " + trials + " damaged inputs rejected");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void craftedInvalidInputIsCorrupt(String id) {
        Codec c = codec(id);
        byte[] out = guarded(0, 4096);
        // deflate: BTYPE=11 (reserved) in the first block header; lz4: a literal run far beyond the input.
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        assertThrows(CorruptFragmentException.class, () -> c.decompress(ones, 0, ones.length, out, 0, 4096));
        assertThrows(CorruptFragmentException.class, () -> c.decompress(new byte[0], 0, 0, out, 0, 4096));
        assertGuards(out, 0, 4096);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void concurrentUseRoundTripsWithPooledState(String id) throws Exception {
        Codec c = codec(id);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                Callable<Integer> job = () -> {
                    byte[] frag = new byte[4096];
                    byte[] back = new byte[4096];
                    int ok = 0;
                    for (int i = 0; i < 150; i++) {
                        byte[] src = DataKind.FIO60.generate(4096, seed * 1000L + i);
                        int n = c.compress(src, 0, src.length, frag, 0, frag.length);
                        c.decompress(frag, 0, n, back, 0, src.length);
                        if (Arrays.equals(src, back)) {
                            ok++;
                        }
                    }
                    return ok;
                };
                results.add(pool.submit(job));
            }
            for (Future<Integer> f : results) {
                assertEquals(150, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int states = statesCreated(c);
        assertTrue(states <= 2 * threads, states + " native states for " + threads + " threads");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void reportsFfmPathLibraryAndVersionThenRefusesWhenClosed(String id) {
        Codec fresh = CpuCodecs.byId(CpuCodecs.all(), id);
        assumeAvailable(fresh);
        assertEquals(ExecutionPath.FFM, fresh.info().path());
        assertTrue(fresh.info().library().startsWith("/"), "library is the mapped file: " + fresh.info().library());
        assertTrue(!fresh.info().version().isBlank(), "version: " + fresh.info().version());
        fresh.close();
        byte[] b = new byte[4096];
        assertThrows(CodecUnavailableException.class, () -> fresh.compress(b, 0, b.length, new byte[4096], 0, 4096));
        assertThrows(CodecUnavailableException.class, () -> fresh.decompress(b, 0, 10, new byte[4096], 0, 4096));
    }

    // ------------------------------------------------------------------------------------------

    private static int statesCreated(Codec c) {
        return switch (c) {
            case IsalCodec i -> i.statesCreated();
            case LibdeflateCodec l -> l.statesCreated();
            case SystemZlibCodec z -> z.statesCreated();
            default -> 0; // lz4: stateless on the Java side
        };
    }

    private static byte[] compress(Codec c, byte[] src) {
        byte[] dst = new byte[src.length + 1024];
        int n = c.compress(src, 0, src.length, dst, 0, dst.length);
        assertTrue(n > 0, "compressible input must compress");
        return Arrays.copyOf(dst, n);
    }

    /** 1 if rejected with the typed error, 0 if it decoded (to exactly the expected length). */
    private static int decodesOrIsCorrupt(Codec c, byte[] bad, int expected) {
        byte[] out = guarded(0, expected);
        try {
            c.decompress(bad, 0, bad.length, out, 0, expected);
            assertGuards(out, 0, expected);
            return 0;
        } catch (CorruptFragmentException e) {
            assertGuards(out, 0, expected);
            return 1;
        }
    }

    private static void assertDecodes(Codec c, byte[] frag, byte[] src) {
        if (c.algorithm().isDeflate()) {
            assertArrayEquals(src, CpuCodecs.jdkInflate(frag, src.length), "JDK Inflater(nowrap) reads " + c.id());
        }
        int off = 3;
        byte[] out = guarded(off, src.length);
        c.decompress(frag, 0, frag.length, out, off, src.length);
        assertArrayEquals(src, Arrays.copyOfRange(out, off, off + src.length));
        assertGuards(out, off, src.length);
    }
}
