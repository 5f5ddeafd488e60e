package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/write-path-split.sh}, run for real on this checkout's HEAD: it builds the commit's bench jar in a
 * worktree, runs one WritePathCostBench.writeBlock fork under perf and splits the benchmark thread's samples into
 * LZ4 and the rest. About a minute and a half here (most of it the build).
 */
class WritePathSplitScriptTest {
    private static final RepoScript SCRIPT = new RepoScript("write-path-split.sh", 15);

    @TempDir
    Path out;

    private int run(Path log, String... args) throws IOException, InterruptedException {
        return SCRIPT.run(log, Map.of(), args);
    }

    @Test
    void badArgumentsExitTwoBeforeAnyWork() throws Exception {
        Path log = out.resolve("usage.log");
        assertEquals(2, run(log));
        assertEquals(2, run(log, "--runs", "0", "HEAD"));
        assertEquals(2, run(log, "--out", out.resolve("x").toString(), "no-such-ref-anywhere"));
        assertTrue(Files.readString(log).contains("not a commit: no-such-ref-anywhere"), Files.readString(log));
        assertTrue(Files.notExists(out.resolve("x")), "a refused run wrote its output directory");
    }

    @Test
    void oneRunOfHeadSplitsTheBenchmarkThreadsSamplesIntoLz4AndTheRest() throws Exception {
        Prerequisites.debianTool("linux-perf", "perf");
        Path dir = out.resolve("split");
        Path log = out.resolve("split.log");
        int rc = run(log, "--runs", "1", "--out", dir.toString(), "HEAD");
        assertEquals(0, rc, Files.readString(log));
        List<String> csv = Files.readAllLines(dir.resolve("split.csv"));
        assertEquals("ref,commit,run,ops_per_s,lz4_pct,other_pct,other_per_lz4", csv.get(0));
        assertEquals(2, csv.size(), String.join("\n", csv));
        String[] f = csv.get(1).split(",");
        assertEquals("HEAD", f[0]);
        double lz4 = Double.parseDouble(f[4]);
        double other = Double.parseDouble(f[5]);
        double ratio = Double.parseDouble(f[6]);
        // Shares of one thread's samples: LZ4 is a large part of a 4 KiB write, and the two add up to about all of it.
        assertTrue(lz4 > 15 && lz4 < 90 && other > 5, csv.get(1));
        assertTrue(lz4 + other > 90 && lz4 + other <= 100.5, csv.get(1));
        assertEquals(other / lz4, ratio, 1e-3, csv.get(1));
        assertTrue(Double.parseDouble(f[3]) > 0, csv.get(1));
        assertTrue(Files.readString(dir.resolve("summary.txt")).contains("HEAD"), Files.readString(dir.resolve("summary.txt")));
    }
}
