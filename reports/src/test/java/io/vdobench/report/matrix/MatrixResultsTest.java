package io.vdobench.report.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.cli.MatrixCommand;
import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.FioJsonParser;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.SummaryCsv;
import io.vdobench.report.csv.VerdictsCsv;
import io.vdobench.report.model.Settlement;
import io.vdobench.report.model.SummaryRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MatrixResultsTest {
    private static final Matrix MATRIX = Matrix.load();

    /** A JMH entry as PipelineBench writes it (thrpt, ops/s, params, threads, rawData). */
    static String jmh(String pattern, int bs, int threads, String policy, double... iterations) {
        double mean = java.util.Arrays.stream(iterations).average().orElseThrow();
        StringBuilder raw = new StringBuilder();
        for (double d : iterations) {
            raw.append(raw.length() == 0 ? "" : ",").append(d);
        }
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"io.vdobench.bench.PipelineBench.io","mode":"thrpt",
                 "threads":%d,"forks":1,"measurementIterations":%d,"measurementTime":"700 ms",
                 "params":{"blockSize":"%d","pattern":"%s","policy":"%s","regionMiB":"64"},
                 "primaryMetric":{"score":%s,"scoreError":"NaN","scoreUnit":"ops/s","rawData":[[%s]]},
                 "secondaryMetrics":{}}""", threads, iterations.length, bs, pattern, policy, mean, raw);
    }

    static String sidecar(String policy, String path, long p99ns, long n) {
        return String.format(Locale.ROOT, """
                {"version":1,"codec":{"id":"%s"},"executed_path":"%s","compression_ratio":2.4,
                 "space_saving_pct":50.0,"fragments_per_packed_block":2.0,
                 "fallbacks":{"unavailable":0,"init_failed":0,"not_compressible":3,"error":1},
                 "region_mib":64,
                 "generator":{"class":"io.vdobench.data.FioBufferGenerator","buffer_compress_percentage":60,
                              "buffer_compress_chunk":512,"refill_buffers":1,"randseed":24301},
                 "latency_ns":{"N":%d,"min":1000,"max":90000,"mean":5000.0,"stddev":100.0,
                   "percentile":{"50.000000":4000,"99.000000":%d,"99.900000":80000}}}""",
                policy.equals("iaa") ? "qpl:path=auto" : "lz4:impl=ffm", path, n, p99ns);
    }

    private static Path fixture(Path dir, boolean withIaaSidecar) throws Exception {
        Path json = dir.resolve("jmh-results.json");
        Files.writeString(json, "[" + jmh("write", 4096, 1, "lz4", 1000, 1200, 1100) + ","
                + jmh("write", 4096, 1, "iaa", 1500, 1500, 1500) + ","
                + jmh("randread", 65536, 8, "lz4", 100, 100, 100) + ","
                + jmh("randread", 65536, 8, "iaa", 90, 90, 90) + "]");
        Path sc = dir.resolve("sidecars");
        Files.createDirectories(sc);
        Files.writeString(sc.resolve("PipelineBench.io-write-4096-lz4-r64-t1.json"), sidecar("lz4", "ffm", 9000, 3300));
        Files.writeString(sc.resolve("PipelineBench.io-randread-65536-lz4-r64-t8.json"),
                sidecar("lz4", "ffm", 9000, 300));
        Files.writeString(sc.resolve("PipelineBench.io-randread-65536-iaa-r64-t8.json"),
                sidecar("iaa", "software", 9000, 270));
        if (withIaaSidecar) {
            Files.writeString(sc.resolve("PipelineBench.io-write-4096-iaa-r64-t1.json"),
                    sidecar("iaa", "software", 12000, 4500));
        }
        return json;
    }

    @Test
    void sidecarKeyMatchesTheBenchesName() {
        assertEquals("PipelineBench.io-randread-65536-iaa-r64-t8",
                MatrixResults.sidecarKey("io.vdobench.bench.PipelineBench.io", "randread", 65536, "iaa", "64", 8));
    }

    @Test
    void rowsJoinJmhAndSideFiles(@TempDir Path dir) throws Exception {
        Path json = fixture(dir, false);
        List<MatrixResults.Row> rows = MatrixResults.load(List.of(json), dir.resolve("sidecars"), MATRIX);
        assertEquals(4, rows.size());
        CaseResult lz4 = MatrixResults.toCsvRow(rows.get(0), "jmh");
        assertEquals(IoPattern.WRITE, lz4.matrixCase().pattern());
        assertEquals(1, lz4.matrixCase().numjobs());
        assertEquals(1100 * 4096 / 1e6, lz4.mbPerS(), 1e-9);
        assertEquals(1100, lz4.opsPerS(), 1e-9);
        assertEquals(9.0, lz4.p99Us(), 1e-9);
        assertEquals(80.0, lz4.p999Us(), 1e-9);
        assertEquals(2.4, lz4.compressionRatio(), 1e-9);
        assertEquals(3L, lz4.fallbacks().get("not_compressible"));
        assertEquals(1L, lz4.fallbacks().get("error"));
        assertEquals("ffm", lz4.executedPath());
        assertEquals("jmh", lz4.source());
        assertTrue(Double.isNaN(lz4.mbPerSError()), "JMH gave NaN: not measured, never 0");
        // No side file: bandwidth stays, secondary results are "not measured".
        CaseResult iaaWrite = MatrixResults.toCsvRow(rows.get(1), "jmh");
        assertEquals(1500 * 4096 / 1e6, iaaWrite.mbPerS(), 1e-9);
        assertTrue(Double.isNaN(iaaWrite.p99Us()) && Double.isNaN(iaaWrite.compressionRatio()));
        assertEquals("unknown", iaaWrite.executedPath());
        CaseResult rr = MatrixResults.toCsvRow(rows.get(3), "jmh");
        assertEquals(8, rr.matrixCase().numjobs());
        assertEquals("software", rr.executedPath());
        assertEquals(90 * 65536 / 1e6, rr.mbPerS(), 1e-9);
    }

    @Test
    void fioShapeCarriesCountsPercentilesAndGeneratorOptions(@TempDir Path dir) throws Exception {
        Path json = fixture(dir, true);
        var rows = MatrixResults.load(List.of(json), dir.resolve("sidecars"), MATRIX);
        String fio = io.vdobench.fio.FioJsonWriter.write(MatrixResults.toFio(rows.get(0), 1_700_000_000_000L));
        JsonNode root = new ObjectMapper().readTree(fio);
        JsonNode job = root.path("jobs").get(0);
        assertEquals("write-4k-1j", job.path("jobname").asText());
        assertEquals("60", job.path("job options").path("buffer_compress_percentage").asText());
        assertEquals("1", job.path("job options").path("refill_buffers").asText());
        JsonNode w = job.path("write");
        assertEquals(3300L * 4096, w.path("io_bytes").asLong());
        assertEquals(3300, w.path("total_ios").asLong());
        assertEquals(2100, w.path("runtime").asLong()); // 3 x 700 ms
        assertEquals(Math.round(1000.0 * 3300 * 4096 / 2100) / 1024, w.path("bw").asLong()); // KiB/s
        assertEquals(9000, w.path("clat_ns").path("percentile").path("99.000000").asLong());
        assertEquals(0, job.path("read").path("io_bytes").asLong());
        // fio-matrix's parser reads it back.
        var parsed = FioJsonParser.parse(fio);
        assertEquals(3300L * 4096, parsed.jobs().get(0).write().ioBytes());
    }

    @Test
    void rejectsResultsOutsideTheMatrix(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("x.json");
        Files.writeString(json, "[" + jmh("write", 4096, 3, "lz4", 1, 2, 3) + "]");
        var e = assertThrows(IllegalArgumentException.class, () -> MatrixResults.load(List.of(json), null, MATRIX));
        assertTrue(e.getMessage().contains("not a case of the matrix"), e.getMessage());
        // Repeats of a case must have been measured alike to be pooled.
        Files.writeString(json, "[" + jmh("write", 4096, 1, "lz4", 1, 2, 3) + ","
                + jmh("write", 4096, 1, "lz4", 1, 2) + "]");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixResults.load(List.of(json), null, MATRIX));
        assertTrue(e.getMessage().contains("cannot be pooled"), e.getMessage());
    }

    @Test
    void theForksOfACaseArePooledInTheOrderTheyRanAndPairedWithTheOtherPolicys(@TempDir Path dir) throws Exception {
        // A B B A: lz4 f1 (mean 1000), lz4#2 f1 (1100), lz4#2 f2 (880), lz4 f2 (800): each pair says +10 %.
        Path json = dir.resolve("jmh-results.json");
        Files.writeString(json, "[" + jmh("write", 4096, 1, "lz4", 990, 1010, 1000) + ","
                + jmh("write", 4096, 1, "lz4#2", 1100, 1100, 1100) + ","
                + jmh("write", 4096, 1, "lz4#2", 880, 880, 880) + ","
                + jmh("write", 4096, 1, "lz4", 800, 800, 800) + "]");
        List<MatrixResults.Row> rows = MatrixResults.load(List.of(json), null, MATRIX);
        assertEquals(2, rows.size());
        assertArrayEquals(new double[] {1000, 800}, rows.get(0).forkOps(), 1e-9);
        assertEquals(900, rows.get(0).opsPerS(), 1e-9);
        assertEquals(6, rows.get(0).opsSamples().length);
        // JMH's 99.9 % convention over the two fork means: t(1, 0.9995) x sd / sqrt(2) = 636.6 x 100
        assertEquals(636.619 * 100, rows.get(0).opsError(), 1);
        assertArrayEquals(new double[] {1000 * 4096, 800 * 4096}, MatrixResults.toCsvRow(rows.get(0), "jmh").samples(), 1e-6);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new MatrixCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--dir", dir.toString(), "--no-html", "--baseline", "lz4", "--candidate", "lz4#2");
        assertEquals(0, rc, err.toString());
        String text = Files.readString(dir.resolve("summary.txt"));
        // The machine slowed by 20 % between the pairs, and each pair still says +10 % exactly.
        assertTrue(text.startsWith("A/A RUN: lz4 against itself (lz4#2)"), text);
        assertTrue(text.contains("sequential write      1   +10.00 %   +10.00 %     1/1     1/1  [+10.00 %, +10.00 %]"), text);
        Settlement s = VerdictsCsv.load(dir).orElseThrow();
        assertTrue(s.aa());
        // The sign-flip check on these pairs: swapped at random, each pair says +10 % or -10 %.
        rc = new CommandLine(new MatrixCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--dir", dir.toString(), "--no-html", "--baseline", "lz4", "--candidate", "lz4#2",
                        "--aa-check", "50");
        assertEquals(0, rc, err.toString());
        assertTrue(Files.readString(dir.resolve("summary.txt")).contains("Sign-flip check (50 resamples"),
                Files.readString(dir.resolve("summary.txt")));
        assertEquals("B faster", s.types().get(0).verdict());
        assertEquals("Holm", s.types().get(0).correction());
        CaseComparison c = s.cases().get(0);
        assertEquals(MatrixCase.of(IoPattern.WRITE, 4096, 1), c.matrixCase());
        assertEquals(2, c.pairs());
        assertEquals(10.0, c.ciLowPct(), 1e-3);
        assertFalse(c.ciIncludesZero());
    }

    @Test
    void commandWritesTheRunDirectory(@TempDir Path dir) throws Exception {
        fixture(dir, true);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new MatrixCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--dir", dir.toString(), "--no-html", "--env", "profile=test");
        assertEquals(0, rc, err.toString());
        List<CaseResult> rows = ResultsCsv.read(dir.resolve(ResultsCsv.FILE));
        assertEquals(4, rows.size());
        List<SummaryRow> summary = SummaryCsv.read(dir.resolve(SummaryCsv.FILE));
        SummaryRow all = summary.get(summary.size() - 1);
        assertEquals("all", all.pattern());
        assertEquals("lz4", all.policyA());
        assertEquals("iaa", all.policyB());
        assertEquals(1, all.wins());
        assertEquals(2, all.cases());
        // write 4K 1 job: 1100 -> 1500 ops/s = +36.36 %; randread 64K 8 jobs: 100 -> 90 = -10 %.
        assertEquals((100.0 * (1500.0 / 1100 - 1) - 10) / 2, all.avgChangePct(), 1e-9);
        assertEquals("sequential write 4K 1 job", all.bestCase());
        assertTrue(Files.readString(dir.resolve("summary.txt")).contains("1/2"));
        // What ran behind each policy, from the side files, in every row and in the text.
        assertTrue(summary.stream().allMatch(r -> r.ranA().equals("lz4 = lz4:impl=ffm -> ffm")
                && r.ranB().equals("iaa = qpl:path=auto -> software")), summary.toString());
        assertTrue(Files.readString(dir.resolve("summary.txt")).contains(
                "\nA: lz4 = lz4:impl=ffm -> ffm\nB: iaa = qpl:path=auto -> software\n"), Files.readString(dir.resolve("summary.txt")));
        assertTrue(Files.exists(dir.resolve("fio/randread-64k-8j-iaa.json")));
        assertTrue(Files.readString(dir.resolve("environment.properties")).contains("profile=test"));
    }
}
