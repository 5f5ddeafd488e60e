package io.vdobench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Codecs;
import io.vdobench.ffm.iaa.AccelConfigLibrary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vdobench codecs}: every backend found through the codec SPI, available or not, with the
 * path that actually executes and the library behind it; {@code --self-test} round-trips a few
 * blocks through each available one. This command names no backend: it shows what
 * {@link Codecs#load()} finds.
 */
@Command(name = "codecs", mixinStandardHelpOptions = true,
        description = {"List every compression backend: name, options, available or not, the path that executes "
                + "(hardware / software / ffm / jni / java / jdk), library and version, and why it is unavailable.",
                "With --self-test, round-trip 4 KiB and 64 KiB blocks (fio-60%%, zeros, text; random must not fit) "
                        + "through each available backend."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed; or every available backend passed the self-test",
                "1:--self-test: a backend failed, or none is available", "2:usage error"})
public final class CodecsCommand implements Callable<Integer> {
    /** JSON keys, in output order. Stable: scripts and the reports read them. */
    static final List<String> JSON_KEYS = List.of(
            "name", "variant", "id", "algorithm", "available", "path", "library", "version", "reason");
    /** The listing adds whether the codec is the pipeline's default LZ4 ({@link Codecs#LZ4_PREFERENCE}). */
    static final List<String> LIST_JSON_KEYS = java.util.stream.Stream.concat(JSON_KEYS.stream(),
            java.util.stream.Stream.of("pipeline_default_lz4")).toList();

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print a JSON array instead of a table (keys: name, variant, id, "
            + "algorithm, available, path, library, version, reason; with --self-test also self_test = "
            + "pass|fail|skipped and self_test_detail).")
    boolean json;

    @Option(names = "--self-test", description = "Round-trip test blocks through every available backend; "
            + "exit 1 on any failure. Unavailable backends are listed, not failed.")
    boolean selfTest;

    @Spec
    CommandSpec spec;

    private final Supplier<List<Codec>> loader;

    public CodecsCommand() {
        this(() -> Codecs.load().all());
    }

    /** @param loader supplies the codecs to show; this command closes them when done (tests pass doubles here) */
    CodecsCommand(Supplier<List<Codec>> loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Codec> codecs = loader.get();
        try {
            return selfTest ? selfTest(codecs, out) : list(codecs, out);
        } finally {
            for (Codec c : codecs) {
                c.close();
            }
            out.flush();
        }
    }

    private int list(List<Codec> codecs, PrintWriter out) throws Exception {
        Codec lz4 = pipelineLz4(codecs);
        if (json) {
            ArrayNode arr = MAPPER.createArrayNode();
            for (Codec c : codecs) {
                arr.add(toJson(c.info()).put("pipeline_default_lz4", c == lz4));
            }
            out.println(MAPPER.writeValueAsString(arr));
            return CommandLine.ExitCode.OK;
        }
        TextTable t = new TextTable("ID", "AVAILABLE", "PATH", "ALGORITHM", "LIBRARY", "VERSION", "REASON");
        for (Codec c : codecs) {
            CodecInfo i = c.info();
            t.add(i.id(), i.available() ? "yes" : "no", i.path().label(),
                    i.algorithm().name() + " (" + i.algorithm().tag() + ")", i.library(), i.version(), i.reason());
        }
        t.print(out);
        long available = codecs.stream().filter(c -> c.info().available()).count();
        out.printf("%d backends, %d available.%n", codecs.size(), available);
        out.printf("Pipeline's LZ4: %s.%n", pipelineLz4Note(codecs));
        AccelConfigLibrary accel = AccelConfigLibrary.get();
        out.printf("IAA hardware path needs %s%s (./vdobench iaa-doctor checks the rest).%n", accel.describe(),
                accel.loaded() ? ", " + accel.path() : "");
        String nativeDir = System.getProperty("vdobench.native.dir");
        if (nativeDir != null && !nativeDir.isBlank()) {
            out.printf("Provisioned native libraries are looked for in %s, then on the system's library path.%n", nativeDir);
        }
        return CommandLine.ExitCode.OK;
    }

    /** The LZ4 the pipeline uses by default (Codecs.LZ4_PREFERENCE, chosen by CodecBench), or null. */
    private static Codec pipelineLz4(List<Codec> codecs) {
        try {
            return Codecs.select(codecs, Codecs.LZ4_PREFERENCE).codec();
        } catch (CodecUnavailableException e) {
            return null;
        }
    }

    private static String pipelineLz4Note(List<Codec> codecs) {
        try {
            return Codecs.select(codecs, Codecs.LZ4_PREFERENCE).note();
        } catch (CodecUnavailableException e) {
            return "none available (" + e.getMessage() + ")";
        }
    }

    private int selfTest(List<Codec> codecs, PrintWriter out) throws Exception {
        CodecSelfTest test = new CodecSelfTest();
        ArrayNode arr = MAPPER.createArrayNode();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<String> lines = new ArrayList<>();
        int width = codecs.stream().mapToInt(c -> c.id().length()).max().orElse(0);
        String idCol = "%-" + width + "s";
        for (Codec c : codecs) {
            CodecInfo info = c.info();
            ObjectNode node = toJson(info);
            if (!info.available()) {
                skipped++;
                String why = info.reason().startsWith("unavailable") ? info.reason() : "unavailable: " + info.reason();
                lines.add(String.format("SKIP  " + idCol + "  %s", info.id(), why));
                node.put("self_test", "skipped");
                node.put("self_test_detail", "unavailable");
            } else {
                CodecSelfTest.Result r = test.run(c);
                int n = r.cases().size();
                if (r.passed()) {
                    passed++;
                    lines.add(String.format("PASS  " + idCol + "  [%s]  %d/%d cases", info.id(), info.path(), n, n));
                    node.put("self_test", "pass");
                    node.put("self_test_detail", n + "/" + n + " cases");
                } else {
                    failed++;
                    lines.add(String.format("FAIL  " + idCol + "  [%s]  %d/%d cases failed; first: %s",
                            info.id(), info.path(), r.failures(), n, r.firstFailure()));
                    node.put("self_test", "fail");
                    node.put("self_test_detail", r.firstFailure());
                }
            }
            arr.add(node);
        }
        if (json) {
            out.println(MAPPER.writeValueAsString(arr));
        } else {
            lines.forEach(out::println);
            out.printf("self-test: %d passed, %d failed, %d unavailable (skipped); %d cases each "
                    + "(4 KiB and 64 KiB x fio-60%%, zeros, text, random).%n",
                    passed, failed, skipped, CodecSelfTest.caseCount());
        }
        if (passed == 0 && failed == 0) {
            spec.commandLine().getErr().println("self-test: no available backend to test");
            return 1;
        }
        return failed == 0 ? CommandLine.ExitCode.OK : 1;
    }

    static ObjectNode toJson(CodecInfo i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", i.name());
        o.put("variant", i.variant());
        o.put("id", i.id());
        o.put("algorithm", i.algorithm().name());
        o.put("available", i.available());
        o.put("path", i.path().label());
        o.put("library", i.library());
        o.put("version", i.version());
        o.put("reason", i.reason());
        return o;
    }
}
