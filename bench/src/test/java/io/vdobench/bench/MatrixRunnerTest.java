package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@link MatrixRunner#execute}: bad input is refused in this JVM before the first fork, with one
 * line that names the option and the value, and nothing is written; a run that fails before any
 * result removes the directory it created. No JMH run starts here: the launcher is a stand-in.
 */
class MatrixRunnerTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err, int launches) {}

    /** Runs the command with a launcher that counts forks and fails each one as JMH would. */
    Outcome execute(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        AtomicInteger launches = new AtomicInteger();
        int exit = MatrixRunner.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (options, log) -> {
                    launches.incrementAndGet();
                    Path result = Path.of(options.getResult().get());
                    try {
                        Files.createFile(result); // JMH creates the result file before the fork
                        Files.writeString(Path.of(options.getOutput().get()),
                                "# Run progress\n<failure>\n\njava.lang.IllegalStateException: the bench broke\n\tat x\n");
                    } catch (java.io.IOException e) {
                        throw new RuntimeException(e);
                    }
                    throw new RunnerException("Benchmark had encountered error, and fail on error was requested");
                });
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                launches.get());
    }

    @Test
    void badInputIsOneLineNamingTheValueBeforeAnyForkAndWritesNothing() {
        Path dir = tmp.resolve("run");
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"--policies", "lz4,nosuch", "unknown policy 'nosuch'"});
        bad.add(new String[] {"--sizes", "3k", "--sizes '3k': profile quick has 4k"});
        bad.add(new String[] {"--jobs", "0", "--jobs '0': use a whole number >= 1"});
        bad.add(new String[] {"--jobs", "2", "--jobs '2': profile quick has 1, 8, 16"});
        bad.add(new String[] {"--patterns", "randrw", "--patterns 'randrw'"});
        bad.add(new String[] {"--profile", "huge", "--profile 'huge'"});
        bad.add(new String[] {"--forks", "two", "--forks 'two'"});
        bad.add(new String[] {"--region-mib", "0", "--region-mib '0'"});
        for (String[] row : bad) {
            Outcome o = execute("--out", dir.toString(), row[0], row[1]);
            String what = String.join(" ", row[0], row[1]);
            assertEquals(2, o.exit(), what);
            assertEquals(0, o.launches(), what + ": no fork started");
            assertEquals(1, o.err().strip().lines().count(), what + ": one line: " + o.err());
            assertTrue(o.err().startsWith("matrix: ") && o.err().contains(row[2]), what + ": " + o.err());
            assertFalse(Files.exists(dir), what + ": nothing written");
        }
    }

    @Test
    void aRunFailingBeforeAnyResultRemovesTheDirectoryItCreatedAndSaysWhy() {
        Path dir = tmp.resolve("fresh");
        Outcome o = execute("--out", dir.toString(), "--profile", "smoke", "--policies", "lz4");
        assertEquals(1, o.exit());
        assertEquals(1, o.launches(), "stops at the first failure");
        assertTrue(o.err().contains("case write-4k-1j-lz4-f1: java.lang.IllegalStateException: the bench broke"), o.err());
        assertTrue(o.err().contains("removed " + dir), o.err());
        assertFalse(Files.exists(dir));
    }

    @Test
    void aDirectoryThatExistedBeforeIsKept() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Outcome o = execute("--out", dir.toString(), "--profile", "smoke", "--policies", "lz4");
        assertEquals(1, o.exit());
        assertTrue(Files.isDirectory(dir.resolve("jmh-logs")), "its logs stay where the user put them");
        assertFalse(o.err().contains("removed"), o.err());
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        Path dir = tmp.resolve("dry");
        Outcome o = execute("--out", dir.toString(), "--profile", "smoke", "--dry-run");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("write-4k-1j-lz4"), o.out());
        assertEquals(0, o.launches());
        assertFalse(Files.exists(dir));
    }

    @Test
    void anAaRunLabelsTheSecondPolicyAndInterleavesTheForksOfEachCase() {
        Path dir = tmp.resolve("aa");
        Outcome o = execute("--out", dir.toString(), "--profile", "smoke", "--policies", "lz4,lz4", "--forks", "3",
                "--patterns", "write,read", "--sizes", "4k", "--jobs", "1", "--dry-run");
        assertEquals(0, o.exit(), o.err());
        List<String> runs = o.out().lines().filter(l -> l.startsWith("  ") && l.contains(" threads="))
                .map(l -> l.strip().split(" ")[0]).toList();
        // Each case: A B B A A B (each fork next to its pair); the next case starts with B.
        assertEquals(List.of("write-4k-1j-lz4-f1", "write-4k-1j-lz4_2-f1", "write-4k-1j-lz4_2-f2", "write-4k-1j-lz4-f2",
                "write-4k-1j-lz4-f3", "write-4k-1j-lz4_2-f3",
                "read-4k-1j-lz4_2-f1", "read-4k-1j-lz4-f1", "read-4k-1j-lz4-f2", "read-4k-1j-lz4_2-f2",
                "read-4k-1j-lz4_2-f3", "read-4k-1j-lz4-f3"), runs);
        assertTrue(o.out().contains("policies lz4,lz4#2 x 3 forks"), o.out());
        assertTrue(o.out().contains("3 fork pair(s) per case: each fork of lz4#2 runs next to one of lz4"), o.out());
    }

    @Test
    void thePlantedPolicyAndTheSettleProfileAreAccepted() {
        Outcome o = execute("--out", tmp.resolve("p").toString(), "--profile", "settle", "--policies",
                "lz4,lz4-planted:F=0.02", "--patterns", "write", "--sizes", "4k", "--jobs", "1", "--dry-run");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("x 7 forks"), o.out());
        assertTrue(o.out().contains("write-4k-1j-lz4-planted_F_0.02-f7"), o.out());
        Outcome bad = execute("--out", tmp.resolve("q").toString(), "--policies", "lz4,lz4-planted:F=7", "--dry-run");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("lz4-planted:F=7"), bad.err());
    }
}
