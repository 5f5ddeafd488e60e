package io.vdobench.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.report.csv.ConformanceCsv;
import io.vdobench.report.csv.RunDirectory;
import io.vdobench.report.model.ConformanceRow;
import io.vdobench.report.model.RunData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    static final HtmlReport.Options OPTS = new HtmlReport.Options(null, Instant.parse("2026-11-24T10:00:00Z"));

    @TempDir
    Path tmp;

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void fullRunHasEverySectionAndNoExternalReference() {
        RunData run = RunDirectory.load(Fixtures.syntheticRun(tmp.resolve("run")));
        HtmlReport.Page page = HtmlReport.render(List.of(run), OPTS);
        String html = page.html();
        // 12 bandwidth charts (4 patterns x 3 job counts) + 4 codec scatters (2 block sizes x compress/decompress).
        assertEquals(16, page.charts());
        assertEquals(page.charts(), count(html, "<img class=\"chart\""));
        assertEquals(page.charts(), count(html, "src=\"data:image/png;base64,iVBOR"), "every chart is an inline PNG");
        assertTrue(html.contains("data-charts-expected=\"16\""));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no network reference");
        assertTrue(html.contains("IAA numbers ran on libqpl&#39;s SOFTWARE path: no IAA hardware on this host"), "path sentence");
        // The heat map: 72 cases, each a coloured cell.
        Matcher m = Pattern.compile("<td style=\"background:#[0-9a-f]{6};color:#[0-9a-f]{6}\" title=\"[^\"]*MB/s").matcher(html);
        int cells = 0;
        while (m.find()) {
            cells++;
        }
        assertEquals(72, cells);
        assertTrue(html.contains("13/18") || html.matches("(?s).*>\\d+/18<.*"), "wins column");
        // The fixture's summary.csv predates the codec columns: the page says it does not know what ran.
        assertTrue(html.contains("ran: lz4 = unknown -&gt; unknown; iaa = unknown -&gt; unknown"), "summary's codecs");
        assertTrue(html.contains("no data (expected file fragments.csv)"), "fragments are absent from the fixture");
        // conformance: the fixture is an excerpt of the suite's real output
        assertTrue(html.contains("<td class=\"okfail\" title=\"zlib:impl=jdk,level=6 → qpl-software-decompress, 32K\n"
                + "fio60: rejected: QplCorruptFragmentException / QPL_STS_BAD_DIST_ERR, expected fail"),
                "expected rejection, with exception type and QPL status in the tooltip");
        assertTrue(html.contains("<td class=\"skip\" title=\"zlib:impl=jdk,level=6 → qpl-hardware-decompress, 8K\n"
                + "skipped (all kinds): unavailable: QPL_STS_INIT_LIBACCEL_NOT_FOUND (501)\">–</td>"), "grey skip with its reason");
        assertFalse(html.contains("class=\"bad\""), "the fixture has no conformance failure");
        assertTrue(html.contains("0 not as expected"));
        assertTrue(html.contains("<h4>LZ4: cross-library</h4>") && html.contains("✓ 12/12"), "lz4: 6 sizes x 2 kinds per pair");
        assertTrue(html.contains("Need more than 4 KiB of history (an IAA reader must reject such fragments): "
                + "zlib:impl=jdk,level=6, isal:level=1 from 8K blocks up."), "max-distance sentence");
        assertTrue(html.contains("<td class=\"info\""), "exceeding 4 KiB without an expectation is amber");
        assertTrue(html.contains(" violations.</p>") && html.contains("no decoder can tell"), "hostile tally explained");
        assertTrue(html.contains("<td class=\"num amber\">"), "decoded_different shown amber");
    }

    @Test
    void emptyDirectorySaysWhatIsMissing() {
        RunData run = RunDirectory.load(tmp);
        HtmlReport.Page page = HtmlReport.render(List.of(run), OPTS);
        assertEquals(0, page.charts());
        for (String f : List.of("results.csv", "summary.csv", "environment.properties", "codec-bench.csv or codec-bench.json",
                "fragments.csv", "conformance.csv", "hostile.csv")) {
            assertTrue(page.html().contains("no data (expected file " + f + ")"), f);
        }
        assertTrue(page.html().contains("No IAA/qpl policy in these results."));
    }

    @Test
    void conformanceFailureIsRed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("c"));
        ConformanceCsv.write(dir.resolve("conformance.csv"), List.of(
                new ConformanceRow("zlib", "qpl-software-decompress", 65536, "fio60", "fail", "decoded", "len=9 maxdist=9000"),
                new ConformanceRow("qpl", "jdk-inflater", 65536, "fio60", "decode", "decoded", ""),
                new ConformanceRow("hostile", "isal:level=1", 4096, "bit_flip", "fail-or-exact-length", "violations:2", "")));
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertEquals(1, count(html, "<td class=\"bad\""));
        assertEquals(1, count(html, "<td class=\"ok\""));
        assertTrue(html.contains("1 not as expected"));
        assertTrue(html.contains("NOT AS EXPECTED — expected fail, got decoded (len=9 maxdist=9000)"));
        assertTrue(html.contains("class=\"error\">conformance.csv carries the same tallies as 1 &#39;hostile&#39; rows:"
                + " 0 ok, 2 violations"), "hostile violations surface even without hostile.csv");
    }

    @Test
    void aSettledRunShowsItsVerdictsTheMdeAndHatchesCasesWhoseIntervalIncludesZero() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("settled"));
        String h = "io_type,baseline,candidate,aa,cases,min_pairs,avg_change_pct,ci95_low_pct,ci95_high_pct,p,p_holm,"
                + "correction,alpha,verdict,mde_pct,wins,significant_wins,case_mde_median_pct\n";
        Files.writeString(dir.resolve("verdicts.csv"), h
                + "write,lz4,iaa,false,18,8,-2.1,-3.0,-1.2,0.0001,0.0004,Holm,0.05,B slower,0.9,3,0,2.8\n"
                + "all,lz4,iaa,false,72,8,-0.4,-1.1,0.3,0.2,0.4,Holm,0.05,no detectable difference,0.7,30,1,2.9\n");
        String ch = "case,rw,bs,numjobs,baseline,candidate,baseline_bw_bytes,candidate_bw_bytes,change_pct,ci95_low_pct,"
                + "ci95_high_pct,pairs,p,p_holm,mde_pct,verdict\n";
        Files.writeString(dir.resolve("cases.csv"), ch
                + "write-4k-1j,write,4096,1,lz4,iaa,4.2e8,4.1e8,-2.0,-4.0,0.5,8,0.09,0.9,3.1,no detectable difference\n"
                + "write-4k-8j,write,4096,8,lz4,iaa,4.2e8,4.0e8,-4.5,-6.0,-3.0,8,0.001,0.01,2.5,B slower\n");
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("<h3 id=\"verdicts\">Verdicts</h3>"), "verdict section");
        assertTrue(html.contains("<td class=\"slower\">B slower</td>"), "verdict per type");
        assertTrue(html.contains("[-3.00 %, -1.20 %]"), "interval of the type");
        assertTrue(html.contains("cannot tell below (MDE)") && html.contains("0.90 %"), "MDE");
        assertTrue(html.contains("p corrected by Holm"), "the correction is named");
        assertFalse(html.contains("A/A run"), "no banner for an A/B run");
        // write 4K 1 job: [-4.0, +0.5] includes 0 -> hatched; write 4K 8 jobs excludes it.
        assertEquals(1, count(html, "<td class=\"unsettled\""), "one hatched cell");
        assertTrue(html.contains("includes 0: not settled"), "the tooltip says why");
        assertTrue(html.contains(">-4.5</td>"), "a settled cell shows the change over its fork pairs (cases.csv)");

        Files.writeString(dir.resolve("verdicts.csv"), h
                + "all,lz4,lz4#2,true,72,8,0.1,-0.5,0.7,0.7,1,Holm,0.05,no detectable difference,0.7,36,0,2.9\n");
        html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("<b>A/A run</b>: lz4 against itself (lz4#2)"), "A/A banner");
        assertEquals(0, count(html, "<td class=\"unsettled\""), "intervals of another pair are not drawn on lz4 vs iaa");

        Files.writeString(dir.resolve("verdicts.csv"), "io_type\nwrite\n");
        html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("class=\"error\">cannot read verdicts.csv"), "a broken verdicts.csv is shown");
    }

    @Test
    void brokenFileIsShownNotHidden() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("broken"));
        Files.writeString(dir.resolve("summary.csv"), "pattern,avg_change_pct\nwrite,1\n");
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("class=\"error\">cannot read summary.csv"), "error shown");
        assertTrue(html.contains("median_change_pct"));
    }

    @Test
    void iaaSetUpIsItsOwnTable() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("iaa-host"));
        Files.writeString(dir.resolve("environment.properties"), String.join("\n", "run.label=iaa-host", "iaa.devices=1",
                "iaa.iax1.generation=IAA 2.0", "iaa.iax1.engines=group 0: 8 (of 8)", "iaa.wq1.1.mode=shared",
                "iaa.crypto.verify_compress=0", "iaa.cap_sys_rawio=yes", "iaa.hardware_job=ok: 4096 -> 1702 bytes and back on hardware",
                "codec.x.path=none", ""));
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        int table = html.indexOf("<h4>IAA set-up</h4>");
        assertTrue(table > 0, "IAA table present");
        String iaa = html.substring(table, html.indexOf("</table>", table));
        assertTrue(iaa.contains("<tr><th>iax1.engines</th><td>group 0: 8 (of 8)</td></tr>"), iaa);
        assertTrue(iaa.contains("<tr><th>wq1.1.mode</th><td>shared</td></tr>"), iaa);
        assertTrue(iaa.contains("<tr><th>hardware_job</th><td>ok: 4096 -&gt; 1702 bytes and back on hardware</td></tr>"), iaa);
        assertFalse(iaa.contains("iaa.devices") || iaa.contains("<th>devices</th>"), "devices stays in the main table");
        assertFalse(iaa.contains("codec.x"), iaa);
        assertEquals(-1, html.indexOf("<th>iaa.iax1.engines</th>"), "not repeated among the other facts");
    }

    @Test
    void theEnvironmentBlockNamesTheVolumesThreads() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("threads"));
        Files.writeString(dir.resolve("environment.properties"), "run.label=threads\n"
                + "vdo.threads=ack=1,bio=4,bioRotationInterval=64,cpu=2,hash=0,logical=0,physical=0\nvdo.execution=inline\n");
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("<th>VDO threads</th><td>ack=1,bio=4,bioRotationInterval=64,cpu=2,hash=0,logical=0,physical=0</td>"),
                "thread counts in the main environment table");
        assertTrue(html.contains("<th>VDO execution</th><td>inline</td>"));
    }

    @Test
    void severalRunsGetAComparisonSectionAndOneSectionEach() throws Exception {
        RunData a = RunDirectory.load(Fixtures.syntheticRun(tmp.resolve("host-a")));
        Path b = Fixtures.syntheticRun(tmp.resolve("host-b"));
        Files.writeString(b.resolve("environment.properties"), "run.label=host-b\niaa.devices=1\n");
        // host-b: its iaa rows claim hardware
        String results = Files.readString(b.resolve("results.csv")).replace(",software,", ",hardware,");
        Files.writeString(b.resolve("results.csv"), results);
        HtmlReport.Page page = HtmlReport.render(List.of(a, RunDirectory.load(b)), OPTS);
        String html = page.html();
        assertTrue(html.contains("id=\"across\""));
        assertTrue(html.contains("policy lz4: host-b against synthetic fixture (not a measurement)"));
        assertTrue(html.contains("IAA numbers ran on IAA HARDWARE"), "run b's own statement");
        assertEquals(32, page.charts());
        // 72 per-run maps x2, plus two cross-run maps (lz4, iaa)
        assertEquals(4 * 72, count(html, " MB/s ("), "heat cells: 72 per run, plus one cross-run map per shared policy");
    }

    @Test
    void bandwidthBarsAreTheGivenIntervalsOnAnAxisFromZero() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("run"));
        Files.writeString(dir.resolve("intervals.csv"), "pattern,block_size,jobs,policy,mb_per_s_low,mb_per_s_high,method\n"
                + "write,4096,1,lz4,0.5,5000,test interval over 3 forks\nwrite,65536,1,iaa,10,20,test interval over 3 forks\n");
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("Bars: test interval over 3 forks (intervals.csv)"), "the chart says what its bars are");
        Matcher m = Pattern.compile("<img class=\"chart\"[^>]*data-bar-min=\"([^\"]*)\"[^>]*data-bars=\"(\\d+)\""
                + "[^>]*data-chart=\"bandwidth\"[^>]*data-y-max=\"([^\"]*)\"[^>]*data-y-min=\"([^\"]*)\"").matcher(html);
        int charts = 0;
        int bars = 0;
        while (m.find()) {
            charts++;
            bars += Integer.parseInt(m.group(2));
            assertEquals(0.0, Double.parseDouble(m.group(4)), "the axis starts at zero");
            assertTrue(Double.parseDouble(m.group(3)) > 0);
            if (!m.group(1).equals("none")) {
                assertTrue(Double.parseDouble(m.group(1)) >= 0.5);
            }
        }
        assertEquals(12, charts);
        assertEquals(2, bars);
        // Without intervals.csv: no bars, and the page says why.
        Files.delete(dir.resolve("intervals.csv"));
        html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("Bars: none, this run has no intervals (no data (expected file intervals.csv))"));
        assertFalse(html.contains("data-bars=\"1\""));
    }

    @Test
    void firstScreenAnswersBeforeTheEnvironment() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("run"));
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        int path = html.indexOf("<strong>Execution path.</strong>");
        int verdict = html.indexOf("<h3>Verdict per I/O type</h3>");
        int capacity = html.indexOf("<h3>Capacity and fallbacks per policy");
        int env = html.indexOf("<h3>Environment</h3>");
        assertTrue(path > 0 && path < verdict && verdict < capacity && capacity < env, path + " " + verdict + " " + capacity + " " + env);
        assertTrue(html.contains("no verdict was computed for this run (no verdicts.csv): the patch-style summary"));
        Files.writeString(dir.resolve("verdicts.csv"), "io_type,baseline,candidate,aa,cases,min_pairs,avg_change_pct,"
                + "ci95_low_pct,ci95_high_pct,p,p_holm,correction,alpha,verdict,mde_pct,wins,significant_wins\n"
                + "write,lz4,iaa,false,18,2,-83,-84,-82,,,Holm,0.05,B slower,,0,0\n");
        html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("<td class=\"verdict\">B slower</td><td>average change -83.00 %, 95 % interval"
                + " [-84.00 %, -82.00 %]</td>"));
        assertFalse(html.contains("no verdict was computed"));
    }

    @Test
    void eachSectionSaysWhatProducedIt() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("run"));
        Files.writeString(dir.resolve("sections.properties"), "codec-bench.command=java CodecBenchMain -f 0\n"
                + "codec-bench.seconds=31\ncodec-bench.status=ok\ncodec-bench.ran=22 codecs\n"
                + "fragments.status=failed (exit 1)\\: see fragments.log\nfragments.command=vdobench report --sample-fragments 512\n"
                + "fragments.seconds=4\n");
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("produced by <code>java CodecBenchMain -f 0</code> in 31 s; ran: 22 codecs</p>"), "codec bench");
        assertTrue(html.contains("<span class=\"loss\">failed (exit 1): see fragments.log</span>"), "a failed section says so");
        assertTrue(html.contains("how each section of this run was produced (35 s in all)"));
    }

    @Test
    void aCodecThisHostCannotRunIsNamedWithWhy() throws Exception {
        Path dir = Fixtures.syntheticRun(tmp.resolve("run"));
        Files.writeString(dir.resolve("environment.properties"), Files.readString(dir.resolve("environment.properties"))
                + "codec.qpl\\:path\\=hardware,huffman\\=fixed.path=none\n"
                + "codec.qpl\\:path\\=hardware,huffman\\=fixed.reason=unavailable\\: QPL_STS_INIT_WORK_QUEUES_NOT_AVAILABLE (503); cpu\n"
                + "codec.isal\\:level\\=0.path=none\ncodec.isal\\:level\\=0.reason=libisal.so not found; try provision\n");
        String html = HtmlReport.render(List.of(RunDirectory.load(dir)), OPTS).html();
        assertTrue(html.contains("Not measured on this host: qpl:path=hardware,huffman=fixed (IAA hardware: none);"
                + " isal:level=0 (libisal.so not found)."), "one line per section that could not be filled here");
    }
}
