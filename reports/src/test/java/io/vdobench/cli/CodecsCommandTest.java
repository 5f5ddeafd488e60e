package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.codec.Lz4JavaCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CodecsCommandTest {

    /** Output and exit code of one run of the command. */
    record Run(int exit, String out, String err) {
    }

    static Run run(CodecsCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void jsonListsEveryLoadedBackendWithTheStableKeys() throws Exception {
        Run r = run(new CodecsCommand(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertTrue(arr.isArray());
        List<String> expectedIds = new ArrayList<>();
        try (Codecs codecs = Codecs.load()) {
            codecs.all().forEach(c -> expectedIds.add(c.id()));
        }
        assertEquals(expectedIds.size(), arr.size());
        int defaults = 0;
        for (JsonNode o : arr) {
            defaults += o.get("pipeline_default_lz4").asBoolean() ? 1 : 0;
        }
        assertEquals(1, defaults, "exactly one LZ4 is the pipeline's default");
        for (int i = 0; i < arr.size(); i++) {
            JsonNode o = arr.get(i);
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            assertEquals(CodecsCommand.LIST_JSON_KEYS, keys, "keys of " + o);
            assertEquals(expectedIds.get(i), o.get("id").asText());
            assertTrue(o.get("available").isBoolean());
            if (!o.get("available").asBoolean()) {
                assertEquals("none", o.get("path").asText());
                assertFalse(o.get("reason").asText().isEmpty(), "an unavailable backend says why: " + o);
            }
        }
        // The pure-Java LZ4 needs nothing native: it is always there and runs as Java.
        JsonNode lz4java = find(arr, "lz4:impl=java");
        assertTrue(lz4java.get("available").asBoolean());
        assertEquals("java", lz4java.get("path").asText());
        assertEquals("LZ4", lz4java.get("algorithm").asText());
    }

    @Test
    void tableShowsEveryBackendAndUnavailableReasons() {
        Codec missing = new UnavailableCodec();
        Run r = run(new CodecsCommand(() -> List.of(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), missing)));
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("ID"), r.out());
        assertTrue(r.out().contains("lz4:impl=java"), r.out());
        assertTrue(r.out().contains("fake:missing=yes"), r.out());
        assertTrue(r.out().contains("libfake.so not found"), r.out());
        assertTrue(r.out().contains("2 backends, 1 available."), r.out());
        io.vdobench.ffm.iaa.AccelConfigLibrary accel = io.vdobench.ffm.iaa.AccelConfigLibrary.get();
        assertTrue(r.out().contains("IAA hardware path needs " + accel.describe()), r.out());
        // Aligned: the AVAILABLE column starts at the same position in every row.
        int col = lines[0].indexOf("AVAILABLE");
        assertEquals("yes", lines[1].substring(col, col + 3));
        assertEquals("no", lines[2].substring(col, col + 2));
    }

    @Test
    void selfTestPassesOnEveryAvailableBackend() {
        Run r = run(new CodecsCommand(), "--self-test");
        assertEquals(0, r.exit(), r.out() + r.err());
        try (Codecs codecs = Codecs.load()) {
            for (Codec c : codecs.available()) {
                assertTrue(r.out().contains("PASS  " + c.id() + "  "), "no PASS line for " + c.id() + ":\n" + r.out());
            }
        }
        assertFalse(r.out().contains("FAIL"), r.out());
    }

    @Test
    void selfTestSkipsUnavailableBackendsWithoutFailing() {
        Run r = run(new CodecsCommand(() -> List.of(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), new UnavailableCodec())),
                "--self-test");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SKIP  fake:missing=yes  unavailable: libfake.so not found"), r.out());
        assertTrue(r.out().contains("1 passed, 0 failed, 1 unavailable"), r.out());
    }

    @Test
    void selfTestFailsOnACodecThatCorruptsItsOutput() {
        Supplier<List<Codec>> loader = () -> List.of(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA),
                new BrokenCodec(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), BrokenCodec.Fault.FLIP_OUTPUT_BYTE));
        Run r = run(new CodecsCommand(loader), "--self-test");
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("PASS  lz4:impl=java"), r.out());
        assertTrue(r.out().contains("FAIL  broken:fault=flip_output_byte"), r.out());
        assertTrue(r.out().contains("differ from the input"), r.out());
    }

    @Test
    void selfTestFailsOnACodecThatIgnoresItsCapacity() {
        Supplier<List<Codec>> loader = () -> List.of(
                new BrokenCodec(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), BrokenCodec.Fault.WRITE_PAST_CAPACITY));
        Run r = run(new CodecsCommand(loader), "--self-test");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("wrote past its destination capacity"), r.out());
    }

    @Test
    void selfTestFailsOnACodecThatClaimsRandomDataFits() {
        Supplier<List<Codec>> loader = () -> List.of(
                new BrokenCodec(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), BrokenCodec.Fault.NEVER_DOES_NOT_FIT));
        Run r = run(new CodecsCommand(loader), "--self-test");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("RANDOM/4096: random data reported"), r.out());
    }

    @Test
    void selfTestJsonCarriesTheVerdictPerBackend() throws Exception {
        Supplier<List<Codec>> loader = () -> List.of(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA),
                new BrokenCodec(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), BrokenCodec.Fault.THROW_ON_DECOMPRESS),
                new UnavailableCodec());
        Run r = run(new CodecsCommand(loader), "--self-test", "--json");
        assertEquals(1, r.exit(), r.out());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertEquals("pass", arr.get(0).get("self_test").asText());
        assertEquals("fail", arr.get(1).get("self_test").asText());
        assertTrue(arr.get(1).get("self_test_detail").asText().contains("CorruptFragmentException"), r.out());
        assertEquals("skipped", arr.get(2).get("self_test").asText());
    }

    @Test
    void selfTestWithNothingAvailableFails() {
        Run r = run(new CodecsCommand(() -> List.of(new UnavailableCodec())), "--self-test");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("no available backend"), r.err());
    }

    @Test
    void closesEveryCodecItLoaded() {
        BrokenCodec c = new BrokenCodec(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), BrokenCodec.Fault.NONE);
        run(new CodecsCommand(() -> List.of(c)), "--json");
        assertTrue(c.closed);
    }

    private static JsonNode find(JsonNode arr, String id) {
        for (JsonNode o : arr) {
            if (o.get("id").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError(id + " not listed in " + arr);
    }

    /** A backend whose library is missing, as a native provider reports it. */
    static final class UnavailableCodec implements Codec {
        private final CodecInfo info = CodecInfo.unavailable("fake", "missing=yes", CompressionAlgorithm.DEFLATE_CPU,
                "libfake.so", "libfake.so not found");

        @Override
        public CodecInfo info() {
            return info;
        }

        @Override
        public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
            throw new AssertionError("an unavailable codec must not be called");
        }

        @Override
        public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
            throw new AssertionError("an unavailable codec must not be called");
        }

        @Override
        public void close() {
        }
    }
}
