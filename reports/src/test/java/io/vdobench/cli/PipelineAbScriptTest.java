package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/pipeline-ab.sh aa}, the A/A check of the paired pipeline comparison, run for real: one smoke round
 * of PipelineBench (A B B A, four forks of about a second), judged by {@code vdobench gate}. The script builds the
 * jars first when they are stale (as run-matrix.sh does for ReportBrowserTest); the JMH part takes under a minute.
 */
class PipelineAbScriptTest {
    private static final RepoScript SCRIPT = new RepoScript("pipeline-ab.sh", 15);

    @TempDir
    Path out;

    /** Runs the script from the checkout, JMH at this process's priority; returns its exit code. */
    private int run(Path log, String... args) throws IOException, InterruptedException {
        return SCRIPT.run(log, Map.of("VDOBENCH_AB_OUT", out.resolve("run").toString(), "VDOBENCH_JMH_NICE", ""), args);
    }

    @Test
    void anAaRoundRunsBothSidesAlikeInterleavedAndJudgesThem() throws Exception {
        Path log = out.resolve("aa.log");
        int rc = run(log, "aa", "--rounds", "1", "--smoke");
        String text = Files.readString(log);
        assertTrue(text.contains("vdobench: aa: A/A, the same build and settings as A and B (any flag is a false alarm):"
                + " gate exit " + rc + ","), text);
        Path dir = out.resolve("run");
        List<String> runs = List.of("A1-1", "B1-1", "B1-2", "A1-2");
        // The same JVM options and parameters on both sides: the A/A's only difference is the side's name.
        String vm = header(dir.resolve("A1-1-t1.log"), "# VM options:");
        String params = header(dir.resolve("A1-1-t1.log"), "# Parameters:");
        assertFalse(vm.contains("vdobench.metadata") || vm.contains("vdobench.stages.dir"), vm);
        assertTrue(params.contains("pattern = write") && params.contains("policy = lz4"), params);
        long last = 0;
        for (String r : runs) {
            assertEquals(vm, header(dir.resolve(r + "-t1.log"), "# VM options:"), r);
            assertEquals(params, header(dir.resolve(r + "-t1.log"), "# Parameters:"), r);
            // A B B A: each fork of B runs next to the fork of A it is paired with.
            long t = Files.getLastModifiedTime(dir.resolve(r + "-t1.json")).toMillis();
            assertTrue(t >= last, r + " finished before the run it follows");
            last = t;
        }
        String md = Files.readString(dir.resolve("gate-t1.md"));
        String row = md.lines().filter(l -> l.contains("PipelineBench.io")).findFirst().orElseThrow(() ->
                new AssertionError("no PipelineBench row in gate-t1.md:\n" + md));
        // Identical sides: a REGRESSION is a false alarm (at most the gate's alpha, 0.5 %, of such runs). Smoke
        // forks may vary beyond the gate's 25 % cap, and then the run is unusable rather than passed.
        assertNotEquals(1, rc, "the A/A run flagged identical code:\n" + md + "\n" + text);
        // A first look that leaned to a slowdown got fresh rounds, which passed it or left it UNCONFIRMED.
        assertTrue(rc == 0 && (row.contains("PASS") || row.contains("UNCONFIRMED")) || rc == 2 && row.contains("INVALID"),
                "exit " + rc + ": " + row);
    }

    @Test
    void anUnknownModeNamesTheModes() throws Exception {
        Path log = out.resolve("usage.log");
        assertEquals(2, run(log, "bb"));
        assertTrue(Files.readString(log).contains("stage-timing|metadata|aa"), Files.readString(log));
    }

    /** The JMH log's header line that starts with {@code prefix}. */
    private static String header(Path log, String prefix) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(log + " has no '" + prefix + "' line"));
    }
}
