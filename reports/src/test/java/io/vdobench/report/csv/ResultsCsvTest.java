package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.fio.CaseResult;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
    @TempDir
    Path tmp;

    static CaseResult row(String policy, double mbs, Map<String, Long> fallbacks) {
        return new CaseResult(MatrixCase.of(IoPattern.RANDWRITE, 65536, 8), policy, "lz4:impl=jni", "jni", mbs, 3.25, mbs * 1e6 / 65536,
                41.5, 180.25, 910, 2.38, 50.0, 2.0, fallbacks, "jmh");
    }

    @Test
    void roundTripKeepsEveryField() {
        List<CaseResult> rows = List.of(
                row("lz4", 1415.4, Map.of("unavailable", 0L, "not_compressible", 12L, "error", 0L)),
                new CaseResult(MatrixCase.of(IoPattern.READ, 4096, 1), "iaa", "qpl:path=software", "software", 812.125, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Map.of("unavailable", 3L, "not_compressible", 0L, "error", 1L), "fio"));
        Path f = tmp.resolve("results.csv");
        ResultsCsv.write(f, rows);
        assertEquals(rows, ResultsCsv.read(f));
    }

    @Test
    void extraFallbackReasonBecomesItsOwnColumn() throws Exception {
        CaseResult r = row("iaa", 1499.9, Map.of("unavailable", 0L, "not_compressible", 0L, "error", 0L, "queue_full", 7L));
        StringWriter w = new StringWriter();
        ResultsCsv.write(w, List.of(r));
        String header = w.toString().lines().findFirst().orElseThrow();
        assertTrue(header.endsWith(",source,bottleneck_thread,bottleneck_busy_pct,fallback_queue_full"), header);
        CaseResult back = ResultsCsv.read(new StringReader(w.toString())).get(0);
        assertEquals(7L, back.fallbacks().get("queue_full"));
        assertEquals(r, back);
    }

    @Test
    void olderFileWithoutOptionalColumnsReadsWithDefaults() throws Exception {
        List<CaseResult> rows = ResultsCsv.read(resource("report/old/results-no-optional.csv"));
        assertEquals(2, rows.size());
        CaseResult a = rows.get(0);
        assertEquals(4096, a.matrixCase().blockSize(), "fio's 4K spelling is bytes 4096");
        assertEquals(812.5, a.mbPerS());
        assertEquals("unknown", a.executedPath());
        assertEquals("unknown", a.source());
        assertTrue(Double.isNaN(a.p99Us()));
        assertTrue(a.fallbacks().isEmpty());
        assertEquals(131072, rows.get(1).matrixCase().blockSize());
    }

    @Test
    void missingRequiredColumnIsATypedErrorNamingIt() throws Exception {
        Path f = resource("report/old/results-no-mb.csv");
        MissingColumnException e = assertThrows(MissingColumnException.class, () -> ResultsCsv.read(f));
        assertEquals("mb_per_s", e.column());
        assertEquals("results.csv", e.schema());
        assertTrue(e.getMessage().contains("'mb_per_s'"), e.getMessage());
        assertEquals(f, e.file());
    }

    @Test
    void badCellNamesLineAndColumn() throws Exception {
        Path f = tmp.resolve("results.csv");
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,4096,1,lz4,fast\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'mb_per_s'")
                && e.getMessage().contains("'fast'"), e.getMessage());
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,4Q,1,lz4,1\n");
        e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("'block_size'") && e.getMessage().contains("is not a block size"),
                e.getMessage());
        for (String bs : List.of("0", "4G")) {
            Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite," + bs + ",1,lz4,1\n");
            e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
            assertTrue(e.getMessage().contains("'" + bs + "'") && e.getMessage().contains("is not a positive block size"),
                    e.getMessage());
        }
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,4096,1,lz4,-5\n");
        e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,4096,1,lz4,Infinity\n");
        e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,4096,0,lz4,1\n");
        e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("'jobs'"), e.getMessage());
        // Only the matrix's four I/O types are cases; a fifth is named, not carried along.
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,4096,1,lz4,1\nrandtrim,4096,1,lz4,1\n");
        e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'pattern'")
                && e.getMessage().contains("'randtrim'") && e.getMessage().contains("randwrite"), e.getMessage());
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s\nwrite,1000,1,lz4,1\n");
        e = assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("'block_size'") && e.getMessage().contains("512"), e.getMessage());
    }

    @Test
    void emptyFileIsAnErrorNotAnEmptyTable() throws Exception {
        Path f = tmp.resolve("results.csv");
        Files.writeString(f, "");
        assertThrows(ReportInputException.class, () -> ResultsCsv.read(f));
    }

    @Test
    void unknownExtraColumnsAreIgnored() {
        String csv = "pattern,block_size,jobs,policy,mb_per_s,future_metric\nwrite,8192,16,iaa,100.5,42\n";
        CaseResult r = ResultsCsv.read(new StringReader(csv)).get(0);
        assertEquals(8192, r.matrixCase().blockSize());
        assertEquals(100.5, r.mbPerS());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ResultsCsvTest.class.getClassLoader().getResource(name).toURI());
    }
}
