package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codecs;
import io.vdobench.fio.CaseResult;
import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.SummaryCsv;
import io.vdobench.testing.FioTool;
import io.vdobench.vdo.policy.Policies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Real fio (nbd engine; Debian's, installed by {@link FioTool} when missing) through matrix-fio: one
 * smoke case per policy, then the crc32c verify pass, which must have exercised the compressed path.
 */
class MatrixFioCommandTest {

    @BeforeAll
    static void needFio() {
        FioTool.fioWithNbd();
    }

    static int run(Path dir, StringWriter out, StringWriter err, String policies, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--dir", dir.toString(), "--profile", "smoke",
                "--policies", policies, "--patterns", "randwrite", "--region-mib", "16", "--no-html"));
        args.addAll(List.of(extra));
        return new CommandLine(new MatrixFioCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
    }

    @Test
    void oneCasePerPolicyThroughRealFio(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(dir, out, err, "lz4,iaa");
        assertEquals(0, rc, out + "\n" + err);
        List<CaseResult> rows = ResultsCsv.read(dir.resolve(ResultsCsv.FILE));
        assertEquals(2, rows.size());
        for (CaseResult r : rows) {
            assertEquals("fio", r.source());
            assertTrue(r.mbPerS() > 0 && r.p99Us() > 0, r.toString());
            assertTrue(r.compressionRatio() > 1.5, "fio's 60 % data must compress: " + r);
            assertTrue(!r.executedPath().equals("hardware") || Files.exists(Path.of("/dev/iax")), r.toString());
            // dm-vdo's threads ran the case: their loads are the thread_* columns (once lost with the repeats' mean)
            assertTrue(r.threads().stream().anyMatch(t -> t.name().contains("cpuQ")), r.threads().toString());
        }
        assertEquals("all", SummaryCsv.read(dir.resolve(SummaryCsv.FILE)).getLast().pattern());
        String env = Files.readString(dir.resolve("environment.properties"));
        assertTrue(env.contains("fio.verify.lz4=ok") && env.contains("fio.verify.iaa=ok"), env);
        // The verify pass wrote the matrix's data and the volume decoded fragments of each policy's tag.
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("matrix-fio: lz4 verify pass: ok")
                && l.contains("--buffer_compress_percentage=60") && l.contains("read {LZ4=")), out.toString());
        boolean qpl;
        try (Codecs codecs = Codecs.load()) {
            qpl = codecs.require(Policies.IAA_CODEC).info().available();
        }
        String iaaTag = qpl ? "read {DEFLATE_IAA=" : "read {LZ4=";
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("matrix-fio: iaa verify pass: ok")
                && l.contains(iaaTag)), out.toString());
        assertTrue(Files.exists(dir.resolve("fio-raw/iaa/randwrite-4k-1j.json")));
    }

    @Test
    void anAaRunAlternatesTheRepeatsOfEachCaseAndSettlesThem(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(dir, out, err, "lz4,lz4", "--repeats", "2");
        assertEquals(0, rc, out + "\n" + err);
        // A B B A: each repeat of lz4#2 runs next to one of lz4.
        List<String> order = out.toString().lines().filter(l -> l.startsWith("[")).map(l -> l.split("\\s+")[2]
                + " " + l.split("\\s+")[3]).toList();
        assertEquals(List.of("lz4 r1", "lz4#2 r1", "lz4#2 r2", "lz4 r2"), order, out.toString());
        assertTrue(Files.exists(dir.resolve("fio-raw/lz4_2/randwrite-4k-1j-r2.json")));
        assertEquals(2, ResultsCsv.read(dir.resolve(ResultsCsv.FILE)).size());
        String text = Files.readString(dir.resolve("summary.txt"));
        assertTrue(text.startsWith("A/A RUN: lz4 against itself (lz4#2)"), text);
        var s = io.vdobench.report.csv.VerdictsCsv.load(dir).orElseThrow();
        assertEquals(2, s.cases().get(0).pairs());
        assertTrue(s.cases().get(0).hasCi(), s.toString());
        assertTrue(Files.readString(dir.resolve("environment.properties")).contains("fio.repeats=2"));
    }

    /** Negative control: a verify pass of fio's default (incompressible) data fails the command, run kept. */
    @Test
    void aVerifyPassThatDecodedNoFragmentFailsTheCommand(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(dir, out, err, "lz4", "--verify-incompressible");
        assertEquals(1, rc, out + "\n" + err);
        assertTrue(out.toString().contains("lz4 verify pass: FAILED: the verify pass did not exercise LZ4 fragments"),
                out.toString());
        assertTrue(err.toString().contains("a verify pass failed"), err.toString());
        assertEquals(1, ResultsCsv.read(dir.resolve(ResultsCsv.FILE)).size(), "the run directory is still written");
    }
}
