package io.vdobench.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips and hostile input for the codecs that need no native code of ours. */
class JvmCodecsTest {
    private static final List<Codec> CODECS = new JvmCodecProvider().codecs();
    private static final int[] SIZES = {4096, 8192, 16384, 32768, 65536, 131072};

    @AfterAll
    static void close() {
        CODECS.forEach(Codec::close);
    }

    static Stream<Arguments> cases() {
        return CODECS.stream().flatMap(c -> Arrays.stream(SIZES).boxed().flatMap(size ->
                Stream.of(DataKind.ZEROS, DataKind.FIO60, DataKind.TEXT).map(k -> Arguments.of(c, size, k))));
    }

    @ParameterizedTest(name = "{0} {1} {2}", autoCloseArguments = false) // codecs are shared, closed in @AfterAll
    @MethodSource("cases")
    void roundTrip(Codec codec, int size, DataKind kind) {
        byte[] src = kind.generate(size, 42);
        byte[] dst = new byte[size + 16];
        int n = codec.compress(src, 0, size, dst, 8, size);
        assertTrue(n > 0 && n < size, codec.id() + " should compress " + kind + ": " + n);
        byte[] out = new byte[size + 16];
        Arrays.fill(out, (byte) 0x5a);
        codec.decompress(dst, 8, n, out, 4, size);
        assertArrayEquals(src, Arrays.copyOfRange(out, 4, 4 + size));
        // Guard bytes around the destination window stay untouched.
        for (int i = 0; i < 4; i++) {
            assertEquals((byte) 0x5a, out[i]);
        }
        for (int i = 4 + size; i < out.length; i++) {
            assertEquals((byte) 0x5a, out[i]);
        }
    }

    static Stream<Codec> codecs() {
        return CODECS.stream();
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // codecs are shared, closed in @AfterAll
    @MethodSource("codecs")
    void incompressibleDoesNotFit(Codec codec) {
        byte[] src = DataKind.RANDOM.generate(4096, 7);
        byte[] dst = new byte[4096];
        assertEquals(Codec.DOES_NOT_FIT, codec.compress(src, 0, 4096, dst, 0, 4059));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // codecs are shared, closed in @AfterAll
    @MethodSource("codecs")
    void tinyDestinationDoesNotFit(Codec codec) {
        byte[] src = DataKind.FIO60.generate(4096, 7);
        byte[] dst = new byte[4096];
        assertEquals(Codec.DOES_NOT_FIT, codec.compress(src, 0, 4096, dst, 0, 16));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // codecs are shared, closed in @AfterAll
    @MethodSource("codecs")
    void truncatedAndCorruptInputFailTyped(Codec codec) {
        byte[] src = DataKind.FIO60.generate(4096, 3);
        byte[] c = new byte[4096];
        int n = codec.compress(src, 0, 4096, c, 0, 4059);
        byte[] out = new byte[4096];
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThrows(CorruptFragmentException.class, () -> codec.decompress(c, 0, n / 2, out, 0, 4096));
            // Wrong expected length: the stream is fine but decodes to 4096, not 4095 or 4097.
            assertThrows(CorruptFragmentException.class, () -> codec.decompress(c, 0, n, new byte[4097], 0, 4097));
            assertThrows(CorruptFragmentException.class, () -> codec.decompress(c, 0, n, out, 0, 4095));
            byte[] garbage = DataKind.RANDOM.generate(n, 9);
            assertThrows(CorruptFragmentException.class, () -> codec.decompress(garbage, 0, n, out, 0, 4096));
        });
    }

    @Test
    void lz4InstancesReadEachOther() {
        Codec jni = CODECS.stream().filter(c -> c.id().equals("lz4:impl=jni")).findFirst().orElseThrow();
        Codec java = CODECS.stream().filter(c -> c.id().equals("lz4:impl=java")).findFirst().orElseThrow();
        byte[] src = DataKind.FIO60.generate(65536, 11);
        for (Codec[] pair : new Codec[][] {{jni, java}, {java, jni}}) {
            if (!pair[0].info().available() || !pair[1].info().available()) {
                continue;
            }
            byte[] c = new byte[65536];
            int n = pair[0].compress(src, 0, src.length, c, 0, c.length);
            byte[] out = new byte[65536];
            pair[1].decompress(c, 0, n, out, 0, out.length);
            assertArrayEquals(src, out, pair[0].id() + " -> " + pair[1].id());
        }
    }

    @Test
    void infoIsHonest() {
        for (Codec c : CODECS) {
            CodecInfo i = c.info();
            if (i.name().equals("lz4")) {
                assertEquals(CompressionAlgorithm.LZ4, i.algorithm());
            } else {
                assertEquals(CompressionAlgorithm.DEFLATE_CPU, i.algorithm());
                assertEquals(ExecutionPath.JDK, i.path());
            }
            assertTrue(i.available() || !i.reason().isEmpty(), c.id());
        }
    }

    @Test
    void closedCodecRefusesWork() {
        JdkZlibCodec z = new JdkZlibCodec(6);
        z.close();
        assertThrows(CodecUnavailableException.class, () -> z.compress(new byte[4096], 0, 4096, new byte[4096], 0, 4096));
    }

    @Test
    void jdkZlibNamesTheZlibThatWritesItsBytesNotTheJdkBuild() {
        // The deterministic gate keys rows by this version: a JDK update that keeps the same zlib must not
        // make every zlib row unjudgeable, and a different zlib must.
        try (Codec c = new JdkZlibCodec(6)) {
            String v = c.info().version();
            assertTrue(v.matches("zlib [0-9]+\\.[0-9]+.*"), v);
            assertTrue(!v.contains(Runtime.version().toString()), v);
        }
    }
}
