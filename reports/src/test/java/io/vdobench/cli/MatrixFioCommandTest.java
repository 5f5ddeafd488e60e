package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.SummaryCsv;
import io.vdobench.report.model.CaseResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Real fio (nbd engine) through matrix-fio: one smoke case per policy, then the crc32c verify pass. */
class MatrixFioCommandTest {

    static boolean fioWithNbd() {
        try {
            Process p = new ProcessBuilder("fio", "--enghelp").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().anyMatch(l -> l.trim().equals("nbd"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void oneCasePerPolicyThroughRealFio(@TempDir Path dir) throws Exception {
        assumeTrue(fioWithNbd(), "fio with the nbd engine is not installed");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new MatrixFioCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--dir", dir.toString(), "--profile", "smoke", "--policies", "lz4,iaa", "--patterns",
                        "randwrite", "--region-mib", "16", "--no-html");
        assertEquals(0, rc, out + "\n" + err);
        List<CaseResult> rows = ResultsCsv.read(dir.resolve(ResultsCsv.FILE));
        assertEquals(2, rows.size());
        for (CaseResult r : rows) {
            assertEquals("fio", r.source());
            assertTrue(r.mbPerS() > 0 && r.p99Us() > 0, r.toString());
            assertTrue(r.compressionRatio() > 1.5, "fio's 60 % data must compress: " + r);
            assertTrue(!r.executedPath().equals("hardware") || Files.exists(Path.of("/dev/iax")), r.toString());
        }
        assertEquals("all", SummaryCsv.read(dir.resolve(SummaryCsv.FILE)).getLast().pattern());
        String env = Files.readString(dir.resolve("environment.properties"));
        assertTrue(env.contains("fio.verify.lz4=ok") && env.contains("fio.verify.iaa=ok"), env);
        assertTrue(Files.exists(dir.resolve("fio-raw/iaa/randwrite-4k-1j.json")));
    }
}
