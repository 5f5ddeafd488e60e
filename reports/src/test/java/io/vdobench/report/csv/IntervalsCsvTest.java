package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import io.vdobench.report.model.BandwidthInterval;
import io.vdobench.report.model.SectionRun;
import io.vdobench.stats.EffectVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** intervals.csv, verdicts.csv and sections.properties: the report's plain inputs for bars, verdicts and provenance. */
class IntervalsCsvTest {
    @TempDir
    Path tmp;

    @Test
    void intervalsRoundTripAndDefaults() throws Exception {
        Path f = tmp.resolve(IntervalsCsv.FILE);
        BandwidthInterval a = new BandwidthInterval(MatrixCase.of(IoPattern.WRITE, 4096, 1), "lz4", 900.5, 1100.25, 0.95,
                "95 % t interval on log MB/s over 3 iterations of its one fork");
        IntervalsCsv.write(f, List.of(a));
        assertEquals(List.of(a), IntervalsCsv.read(f));
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s_low,mb_per_s_high\nread,4K,8,iaa,1,2\n");
        BandwidthInterval b = IntervalsCsv.read(f).get(0);
        assertEquals(MatrixCase.of(IoPattern.READ, 4096, 8), b.matrixCase());
        assertEquals(0.95, b.confidence());
        assertEquals("unknown", b.method());
    }

    @Test
    void aBarBelowZeroIsRefusedNamingTheLine() throws Exception {
        Path f = tmp.resolve(IntervalsCsv.FILE);
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s_low,mb_per_s_high\nwrite,4096,1,lz4,-15000,2000\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> IntervalsCsv.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("-15000"), e.getMessage());
        Files.writeString(f, "pattern,block_size,jobs,policy,mb_per_s_low,mb_per_s_high\nwrite,4096,1,lz4,30,20\n");
        assertThrows(ReportInputException.class, () -> IntervalsCsv.read(f));
    }

    @Test
    void verdictsTakeTheSettledColumnsTheFirstScreenShows() throws Exception {
        Path f = tmp.resolve(VerdictsCsv.FILE);
        // as the settling comparison writes it (more columns than the first screen reads)
        Files.writeString(f, "io_type,baseline,candidate,aa,cases,min_pairs,avg_change_pct,ci95_low_pct,ci95_high_pct,p,"
                + "p_holm,correction,alpha,verdict,mde_pct,wins,significant_wins\n"
                + "write,lz4,iaa,false,18,8,-83.1,-84.0,-82.2,0.0001,0.0004,holm,0.05,B slower,1.2,0,0\n"
                + "all,lz4,iaa,false,72,8,-85.0,,,,,holm,0.05,not judged,,0,0\n");
        var v = VerdictsCsv.read(f).stream().map(io.vdobench.report.model.IoVerdict::of).toList();
        assertEquals("B slower", v.get(0).verdict());
        assertEquals("average change -83.10 %, 95 % interval [-84.00 %, -82.20 %], Holm p = 0.000400", v.get(0).detail());
        assertEquals("average change -85.00 %", v.get(1).detail());
        Files.writeString(f, "io_type,avg_change_pct\nwrite,1\n");
        assertThrows(MissingColumnException.class, () -> VerdictsCsv.read(f));
    }

    @Test
    void casesReadBackAsTheSummarysComparisons() throws Exception {
        Path f = tmp.resolve(VerdictsCsv.CASES_FILE);
        String h = "case,rw,bs,numjobs,baseline,candidate,baseline_bw_bytes,candidate_bw_bytes,change_pct,ci95_low_pct,"
                + "ci95_high_pct,pairs,p,p_holm,mde_pct,verdict\n";
        Files.writeString(f, h + "write-4k-8j,write,4096,8,lz4,iaa,4.2e8,4.0e8,-4.5,-6.0,-3.0,8,0.001,0.01,2.5,B slower\n"
                + "read-4k-1j,read,4K,1,lz4,iaa,4.2e8,4.2e8,0,,,1,,,,\n");
        List<CaseComparison> cs = VerdictsCsv.readCases(f);
        CaseComparison w = cs.get(0);
        assertEquals(MatrixCase.of(IoPattern.WRITE, 4096, 8), w.matrixCase());
        assertEquals(-4.5, w.changePct());
        assertEquals(4.0e8, w.candidateBw());
        assertEquals(8, w.pairs());
        assertEquals(EffectVerdict.B_SLOWER, w.verdict());
        assertTrue(w.hasCi() && !w.ciIncludesZero());
        assertEquals(EffectVerdict.NOT_JUDGED, cs.get(1).verdict(), "an empty verdict is 'not judged'");
        assertFalse(cs.get(1).hasCi());
        Files.writeString(f, h + "write-4k-8j,write,4096,8,lz4,iaa,4.2e8,4.0e8,-4.5,-6.0,-3.0,8,0.001,0.01,2.5,B lost\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> VerdictsCsv.readCases(f));
        assertTrue(e.getMessage().contains("'verdict'") && e.getMessage().contains("'B lost'"), e.getMessage());
        Files.writeString(f, h + "x,trim,4096,8,lz4,iaa,4.2e8,4.0e8,-4.5,-6.0,-3.0,8,0.001,0.01,2.5,B slower\n");
        e = assertThrows(ReportInputException.class, () -> VerdictsCsv.readCases(f));
        assertTrue(e.getMessage().contains("'rw'") && e.getMessage().contains("'trim'"), e.getMessage());
    }

    @Test
    void sectionsReadPerSectionWithUnknownsMarked() throws Exception {
        Path f = tmp.resolve(SectionsFile.FILE);
        Files.writeString(f, "codec-bench.seconds=31\ncodec-bench.status=ok\ncodec-bench.command=java -cp x CodecBenchMain\n"
                + "conformance.status=not run\\: Maven is missing\n");
        Map<String, SectionRun> s = SectionsFile.read(f);
        assertEquals(new SectionRun("codec-bench", "java -cp x CodecBenchMain", "", 31, "ok"), s.get("codec-bench"));
        assertEquals(-1, s.get("conformance").seconds());
        assertEquals("not run: Maven is missing", s.get("conformance").status());
        Files.writeString(f, "fragments.seconds=about 3\n");
        assertThrows(ReportInputException.class, () -> SectionsFile.read(f));
    }
}
