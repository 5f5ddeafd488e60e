package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.report.model.CodecBenchRow;
import io.vdobench.report.model.Environment;
import io.vdobench.report.model.FragmentSample;
import io.vdobench.report.model.RunData;
import io.vdobench.report.model.SummaryRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherCsvTest {
    @TempDir
    Path tmp;

    @Test
    void summaryRoundTripAndWinsLabel() {
        List<SummaryRow> rows = List.of(
                new SummaryRow("write", "lz4", "iaa", 1.25, 0.5, 13, 18, "sequential write 64K 16 jobs", 1415.4, 1499.9, 5.97),
                new SummaryRow("randread", "", "", -2.0, -1.5, 0, 18, "", Double.NaN, Double.NaN, Double.NaN));
        Path f = tmp.resolve("summary.csv");
        SummaryCsv.write(f, rows);
        assertEquals(rows, SummaryCsv.read(f));
        assertEquals("13/18", rows.get(0).winsLabel());
    }

    @Test
    void summaryCarriesEachPolicysCodecAndPathAndOldFilesReadAsUnknown() throws Exception {
        SummaryRow row = new SummaryRow("all", "lz4", "iaa", -85.8, -85.1, 0, 72, "random read 4K 1 job", 5211.6, 720.6,
                -86.17, "lz4:impl=ffm", "ffm", "qpl:path=auto,huffman=fixed,level=default,verify=on", "software");
        Path f = tmp.resolve("summary.csv");
        SummaryCsv.write(f, List.of(row));
        assertEquals(List.of(row), SummaryCsv.read(f));
        String header = Files.readAllLines(f).get(0);
        assertTrue(header.endsWith(",codec_a,path_a,codec_b,path_b"), header);
        assertEquals("iaa = qpl:path=auto,huffman=fixed,level=default,verify=on -> software", row.ranB());
        // A file from before the codec columns: still read, the codecs say unknown.
        Files.writeString(f, "pattern,policy_a,policy_b,avg_change_pct,median_change_pct,wins,cases\nall,lz4,iaa,1,1,1,2\n");
        SummaryRow old = SummaryCsv.read(f).get(0);
        assertEquals("lz4 = unknown -> unknown", old.ranA());
        assertEquals("iaa = unknown -> unknown", old.ranB());
    }

    @Test
    void summaryRejectsMoreWinsThanCases() throws Exception {
        Path f = tmp.resolve("summary.csv");
        Files.writeString(f, "pattern,avg_change_pct,median_change_pct,wins,cases\nwrite,1,1,19,18\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> SummaryCsv.read(f));
        assertTrue(e.getMessage().contains("'wins'"), e.getMessage());
    }

    @Test
    void summaryWithoutWinsColumnNamesIt() throws Exception {
        Path f = tmp.resolve("summary.csv");
        Files.writeString(f, "pattern,avg_change_pct,median_change_pct,cases\nwrite,1,1,18\n");
        assertEquals("wins", assertThrows(MissingColumnException.class, () -> SummaryCsv.read(f)).column());
    }

    @Test
    void codecBenchReadsCodecBenchMainSummaryColumns() throws Exception {
        // Exactly the header CodecBenchMain --summary writes: no executed_path column.
        Path f = tmp.resolve("codec-bench.csv");
        Files.writeString(f, "codec,block_size,data,compress_mb_s,compress_mb_s_error,decompress_mb_s,"
                + "decompress_mb_s_error,ratio\n\"zlib:impl=jdk,level=6\",4096,FIO60,120.5000,2.1000,,,2.3300\n");
        CodecBenchRow r = CodecBenchCsv.read(f).get(0);
        assertEquals("zlib:impl=jdk,level=6", r.codec());
        assertEquals(120.5, r.compressMbS());
        assertTrue(Double.isNaN(r.decompressMbS()));
        assertEquals("", r.executedPath());
        List<CodecBenchRow> rows = List.of(r, new CodecBenchRow("lz4:impl=jni", 65536, "FIO60", 900, 10, 3000, 30, 2.1, "jni"));
        CodecBenchCsv.write(f, rows);
        assertEquals(rows, CodecBenchCsv.read(f));
    }

    @Test
    void fragmentsRoundTripWithDoesNotFit() {
        List<FragmentSample> rows = List.of(new FragmentSample("lz4", "FIO60", 0, 1702),
                new FragmentSample("lz4", "FIO60", 1, FragmentSample.DOES_NOT_FIT));
        Path f = tmp.resolve("fragments.csv");
        FragmentsCsv.write(f, rows);
        assertEquals(rows, FragmentsCsv.read(f));
    }

    @Test
    void fragmentOutOfRangeIsRejected() throws Exception {
        Path f = tmp.resolve("fragments.csv");
        Files.writeString(f, "codec,fragment_bytes\nlz4,5000\n");
        assertThrows(ReportInputException.class, () -> FragmentsCsv.read(f));
    }

    @Test
    void environmentRoundTripSorted() throws Exception {
        Environment env = new Environment(Map.of("qpl.path", "software", "cpu.model", "Xeon = fast: yes", "cpu.cores", "2"));
        Path f = tmp.resolve("environment.properties");
        EnvironmentFile.write(f, env);
        assertEquals(env.properties(), EnvironmentFile.read(f).properties());
        List<String> lines = Files.readAllLines(f);
        assertTrue(lines.get(1).startsWith("cpu.cores"), lines.toString());
    }

    @Test
    void captureSaysWhichPathQplHasHere() {
        Environment env = EnvironmentCapture.capture(null);
        assertTrue(List.of("hardware", "software", "none").contains(env.get(Environment.QPL_PATH)), env.get("qpl.path"));
        assertTrue(Integer.parseInt(env.get(Environment.CPU_CORES)) > 0);
        assertTrue(env.properties().keySet().stream().anyMatch(k -> k.startsWith("codec.lz4")), env.properties().toString());
        // How IAA was set up is recorded on every host, with or without IAA.
        for (String k : List.of("iaa.devices", "iaa.cpu.vendor", "iaa.idxd", "iaa.cap_sys_rawio", "iaa.libaccel_config",
                "iaa.hardware_job", "iaa.problems")) {
            assertFalse(env.get(k).isEmpty(), k + " missing: " + env.properties());
        }
        if (!env.get(Environment.QPL_PATH).equals("hardware")) {
            assertTrue(env.get("iaa.hardware_job").startsWith("not run") || env.get("iaa.hardware_job").startsWith("failed"),
                    env.get("iaa.hardware_job"));
        }
    }

    @Test
    void runDirectoryReportsMissingAndBrokenFilesSeparately() throws Exception {
        Files.writeString(tmp.resolve("summary.csv"), "pattern,avg_change_pct\nwrite,1\n");
        RunData run = RunDirectory.load(tmp);
        assertEquals("no data (expected file results.csv)", run.results().absence());
        assertTrue(run.summary().broken());
        assertTrue(run.summary().problem().contains("median_change_pct"), run.summary().problem());
        assertEquals(1, run.brokenInputs().size());
    }

    @Test
    void codecBenchJsonGivesTheSameRowsAsTheSummary() throws Exception {
        Path f = tmp.resolve("codec-bench.json");
        Files.writeString(f, """
                [{"benchmark":"io.vdobench.bench.CodecBench.compress","mode":"thrpt",
                  "params":{"codec":"zlib:impl:jdk/level:6","blockSize":"4096","data":"FIO60"},
                  "primaryMetric":{"score":30000,"scoreError":"NaN","scoreUnit":"ops/s"},
                  "secondaryMetrics":{"uncompressedMB":{"score":122.88,"scoreError":1.5},
                                      "compressedMB":{"score":51.2,"scoreError":0.5}}},
                 {"benchmark":"io.vdobench.bench.CodecBench.decompress","mode":"thrpt",
                  "params":{"codec":"zlib:impl:jdk/level:6","blockSize":"4096","data":"FIO60"},
                  "primaryMetric":{"score":90000,"scoreError":1,"scoreUnit":"ops/s"},
                  "secondaryMetrics":{"uncompressedMB":{"score":368.64,"scoreError":"NaN"}}}]
                """);
        CodecBenchRow r = CodecBenchJson.read(f).get(0);
        assertEquals("zlib:impl=jdk,level=6", r.codec());
        assertEquals(122.88, r.compressMbS());
        assertEquals(368.64, r.decompressMbS());
        assertTrue(Double.isNaN(r.decompressMbSError()));
        assertEquals(2.4, r.ratio(), 1e-12);
    }
}
