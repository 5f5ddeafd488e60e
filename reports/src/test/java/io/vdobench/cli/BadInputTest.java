package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.report.html.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code vdobench} subcommand, in-process through {@link Main#commandLine()}, with bad input.
 * Each row must: exit 2 (usage), print exactly one line on stderr that contains the row's words
 * (the option, the bad value, what is accepted), print no "Exception" and no "at io.vdobench"
 * anywhere, finish within 10 seconds, and leave the scratch directory as it found it (nothing is
 * written before the input is checked).
 *
 * <p>To cover a new case, add a row to {@link #ROWS}: the command line (split at spaces, with the
 * placeholders below) and the words its error line must contain.
 * <ul>
 *   <li>{@code {tmp}}: a scratch directory; {@code {tmp}/none} does not exist</li>
 *   <li>{@code {fifo}}: a FIFO with no writer</li>
 *   <li>{@code {data}}: a non-empty regular file</li>
 *   <li>{@code {corrupt-run}}: a run directory whose results.csv is not a results table</li>
 *   <li>{@code {good-run}}: a run directory the report renders (policies lz4 and iaa)</li>
 * </ul>
 */
class BadInputTest {
    record Row(String args, List<String> mustName) {
        @Override
        public String toString() {
            return "vdobench " + args;
        }
    }

    static Row row(String args, String... mustName) {
        return new Row(args, List.of(mustName));
    }

    static final List<Row> ROWS = List.of(
            row("", "missing subcommand", "codecs"),
            row("no-such-command", "no-such-command"),
            row("--bogus", "--bogus"),

            row("codecs --bogus", "--bogus"),
            row("codecs --json=maybe", "--json", "maybe"),

            row("inspect", "FILE"),
            row("inspect {fifo}", "FIFO", "regular file"),
            row("inspect {tmp}", "directory", "regular file"),
            row("inspect {tmp}/none", "{tmp}/none", "no such file"),
            row("inspect /dev/null", "character device", "--device"),
            row("inspect --device {fifo}", "FIFO"),

            row("serve-nbd --storage nosuch", "--storage", "nosuch", "memory or file"),
            row("serve-nbd --size 3k", "--size", "3k", "multiple of 4 KiB"),
            row("serve-nbd --size lots", "--size", "lots", "1G"),
            row("serve-nbd --size 0", "--size", "'0'"),
            row("serve-nbd --storage file", "--storage file", "--file"),
            row("serve-nbd --storage file --file {tmp}", "--file", "directory"),
            row("serve-nbd --storage file --file {tmp}/none/vol.img", "--file", "does not exist"),
            row("serve-nbd --storage file --file {data}", "--file", "no volume to reopen", "--format"),
            row("serve-nbd --format", "--format", "--storage file"),
            row("serve-nbd --file {data}", "--file", "--storage file"),
            row("serve-nbd --policy nosuch", "--policy", "nosuch", "lz4"),
            row("serve-nbd --policy codec:nosuch", "--policy", "nosuch"),
            row("serve-nbd --port 70000", "--port", "70000", "65535"),
            row("serve-nbd --port abc", "--port", "abc"),
            row("serve-nbd --max-connections 0", "--max-connections", "'0'"),
            row("serve-nbd --idle-timeout soon", "--idle-timeout", "soon", "5m"),
            row("serve-nbd --port-file {tmp}/none/port", "--port-file", "does not exist"),
            row("serve-nbd --bogus 1", "--bogus"),
            row("serve-nbd --vdo-threads cpu=0", "--vdo-threads", "cpu"),

            row("report", "DIR"),
            row("report {tmp}/none", "{tmp}/none", "not a directory"),
            row("report {corrupt-run}", "results.csv", "nothing written"),
            row("report --sample-fragments -1 {corrupt-run}", "--sample-fragments", "-1"),
            row("report --sample-fragments many {tmp}", "--sample-fragments", "many"),
            row("report -o {tmp} {corrupt-run}", "--out", "directory"),
            row("report --baseline nosuch {good-run}", "--baseline", "nosuch", "iaa, lz4"),

            row("matrix-results", "--dir"),
            row("matrix-results --dir {tmp}/none", "--dir", "jmh-results.json"),
            row("matrix-results --dir {tmp} --jmh {tmp}/none.json", "--jmh", "none.json", "no such file"),
            row("matrix-results --dir {data}", "--dir", "not a directory"),
            row("matrix-results --dir {tmp}/none --aa-check -1", "--aa-check", "-1", "resamples"),

            row("matrix-fio", "--dir"),
            row("matrix-fio --dir {tmp}/none --policies lz4,nosuch", "--policies", "nosuch"),
            row("matrix-fio --dir {tmp}/none --sizes 3k", "--sizes", "3k", "4k"),
            row("matrix-fio --dir {tmp}/none --jobs 0", "--jobs", "'0'", "1, 8, 16"),
            row("matrix-fio --dir {tmp}/none --jobs x", "--jobs", "x"),
            row("matrix-fio --dir {tmp}/none --patterns randrw", "--patterns", "randrw"),
            row("matrix-fio --dir {tmp}/none --profile huge", "--profile", "huge", "quick"),
            row("matrix-fio --dir {tmp}/none --region-mib 0", "--region-mib", "'0'"),
            row("matrix-fio --dir {tmp}/none --repeats 0", "--repeats", "'0'"),
            row("matrix-fio --dir {tmp}/none --policies lz4,lz4-planted:F=9", "--policies", "lz4-planted:F=9"),
            row("matrix-fio --dir {tmp}/none --fio {tmp}/none/fio", "--fio", "not an executable"),

            row("fio-collect {tmp}/none -o {tmp}/out", "RESULTS", "{tmp}/none", "order.csv"),
            row("fio-collect {tmp}", "--out"),
            row("fio-collect {tmp} -o {data}", "RESULTS", "order.csv"),

            row("gate", "nothing to do"),
            row("gate --alpha x", "--alpha", "x"),
            row("gate --unit jvm --baseline {data} --current {data}", "--unit", "jvm", "pair, fork or iteration"),
            row("gate --baseline {data}", "--baseline", "--current"),
            row("gate --baseline {tmp}/none.json --current {data}", "--baseline", "none.json", "no such file"),
            row("gate --baseline {data} --current {tmp}", "--current", "directory"),
            row("gate --deterministic {tmp}/none.csv", "--deterministic", "no such file"),
            row("gate --baseline {data} --current {data}", "cannot read JMH JSON", "data.img"),
            row("gate --confirm-baseline {data} --baseline {data} --current {data}", "--confirm-baseline", "--confirm"),

            row("iaa-doctor --recording {tmp}/none", "--recording", "none"),
            row("iaa-doctor --root {tmp}/none", "--root", "none", "directory"),
            row("iaa-doctor --bogus", "--bogus"),
            row("iaa-probe --bogus", "--bogus"),

            row("model", "RUN_DIR"),
            row("model {tmp}/none", "{tmp}/none", "not a directory"),
            row("model {good-run}", "stages/", "stage timing"),
            row("model --params nosuch {good-run}", "nosuch", "qpl-doc-sync-1engine"),
            row("model --params {data} {good-run}", "data.img", "missing key")
    );

    @TempDir
    static Path tmp;
    static Map<String, String> placeholders;

    @BeforeAll
    static void scratch() throws Exception {
        Path fifo = tmp.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo (coreutils) is needed to make a FIFO");
        Path data = Files.writeString(tmp.resolve("data.img"), "precious");
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt-run"));
        Files.write(corrupt.resolve("results.csv"), new byte[] {'p', 'a', 't', 0, (byte) 0xff, '\n', 1, 2, 3});
        Path good = Fixtures.syntheticRun(tmp.resolve("good-run"));
        placeholders = Map.of("{tmp}", tmp.toString(), "{fifo}", fifo.toString(), "{data}", data.toString(),
                "{corrupt-run}", corrupt.toString(), "{good-run}", good.toString());
    }

    static Stream<Row> rows() {
        return ROWS.stream();
    }

    static String expand(String s) {
        for (var e : placeholders.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }

    record Result(int exit, String out, String err) {}

    /** Runs {@code vdobench ARGS} in-process; captures picocli's writers and System.out/err alike. */
    static Result run(String[] args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        var sysOut = new ByteArrayOutputStream();
        var sysErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
        try {
            var cl = Main.commandLine(); // after the redirect: some commands keep the System streams they see
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Result(exit, out + sysOut.toString(StandardCharsets.UTF_8),
                    err + sysErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputGetsOneClearLineAndNoWork(Row row) throws IOException {
        String[] args = row.args().isEmpty() ? new String[0]
                : Arrays.stream(row.args().split(" ")).map(BadInputTest::expand).toArray(String[]::new);
        Map<String, Long> before = tree();
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(args));
        String all = r.out() + r.err();
        assertEquals(2, r.exit(), all);
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr:\n" + r.err());
        for (String word : row.mustName()) {
            assertTrue(lines.get(0).contains(expand(word)), "'" + expand(word) + "' in: " + lines.get(0));
        }
        assertFalse(all.contains("Exception"), all);
        assertFalse(all.contains("at io.vdobench"), all);
        assertEquals(before, tree(), "nothing written before the input was checked");
    }

    @Test
    void everyRegisteredSubcommandHasARow() {
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue; // help takes no input to get wrong
            }
            assertTrue(ROWS.stream().anyMatch(r -> r.args().startsWith(name + " ") || r.args().equals(name)),
                    "no bad-input row for " + name);
        }
    }

    /** Every path under the scratch directory with its size (the FIFO is never opened). */
    static Map<String, Long> tree() throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.toList()) {
                m.put(tmp.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) : -1L);
            }
        }
        return m;
    }
}
