package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.report.csv.FragmentsCsv;
import io.vdobench.report.html.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CliErrors.install(new CommandLine(new ReportCommand()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void oneDirectoryWritesIndexHtmlWithSampledFragments() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("run"));
        Run r = run("--sample-fragments", "64", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("index.html")));
        assertTrue(Files.isRegularFile(dir.resolve(FragmentsCsv.FILE)), "fragments sampled into the run directory");
        assertEquals(64L * FragmentsCsv.read(dir.resolve(FragmentsCsv.FILE)).stream().map(s -> s.codec()).distinct().count(),
                FragmentsCsv.read(dir.resolve(FragmentsCsv.FILE)).size());
        assertTrue(r.out().contains("wrote " + dir.resolve("index.html")), r.out());
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("Fragment sizes and what they save"));
        assertTrue(!html.contains("no data (expected file fragments.csv)"));
    }

    @Test
    void severalDirectoriesWriteOneComparison() {
        Path a = Fixtures.syntheticRun(tmp.resolve("a"));
        Path b = Fixtures.syntheticRun(tmp.resolve("b"));
        Path outFile = tmp.resolve("cmp/comparison.html");
        Run r = run("--out", outFile.toString(), a.toString(), b.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(outFile));
        assertTrue(r.out().contains("2 runs"), r.out());
    }

    @Test
    void unreadableInputExitsTwoAndWritesNothing() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("bad"));
        Path good = Fixtures.syntheticRun(tmp.resolve("good"));
        Files.writeString(dir.resolve("results.csv"), "pattern,block_size,jobs,policy\nwrite,4096,1,lz4\n");
        Files.deleteIfExists(dir.resolve(FragmentsCsv.FILE));
        Path page = tmp.resolve("page.html");
        Run r = run("--sample-fragments", "64", "--capture-environment", "-o", page.toString(), good.toString(),
                dir.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cannot read results.csv") && r.err().contains("'mb_per_s'")
                && r.err().contains("nothing written"), r.err());
        assertTrue(!Files.exists(page), "no page");
        assertTrue(!Files.exists(dir.resolve(FragmentsCsv.FILE)), "no sampled fragments either");
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aCorruptResultsCsvWritesNoIndexHtml() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("corrupt"));
        Files.write(dir.resolve("results.csv"), new byte[] {'p', 'a', 't', 0, (byte) 0xff, '\n', 1, 2, 3});
        Run r = run(dir.toString());
        assertEquals(2, r.exit());
        assertTrue(!Files.exists(dir.resolve("index.html")), "no page with 0 charts");
    }

    @Test
    void missingDirectoryExitsTwo() {
        Run r = run(tmp.resolve("nope").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a directory"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void captureEnvironmentWritesOnlyWhenAbsent() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("env"));
        assertEquals(0, run("--capture-environment", dir.toString()).exit());
        String env = Files.readString(dir.resolve("environment.properties"));
        assertTrue(env.contains("qpl.path="), env);
        assertTrue(env.contains("cpu.cores="), env);
        Files.writeString(dir.resolve("environment.properties"), "run.label=kept\n");
        assertEquals(0, run("--capture-environment", dir.toString()).exit());
        assertEquals("run.label=kept\n", Files.readString(dir.resolve("environment.properties")));
    }
}
