package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.stats.EffectVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expected number here is worked out by hand from the constructed inputs. */
class PolicyComparisonTest {
    static final MatrixCase W4 = MatrixCase.of(IoPattern.WRITE, 4096, 1);
    static final MatrixCase W8 = MatrixCase.of(IoPattern.WRITE, 8192, 1);
    static final MatrixCase W16 = MatrixCase.of(IoPattern.WRITE, 16384, 1);
    static final MatrixCase W32 = MatrixCase.of(IoPattern.WRITE, 32768, 1);
    static final MatrixCase R64 = MatrixCase.of(IoPattern.READ, 65536, 16);
    static final MatrixCase R4 = MatrixCase.of(IoPattern.READ, 4096, 8);
    static final List<MatrixCase> CASES = List.of(W4, W8, W16, W32, R64, R4);

    static List<CaseResult> results() {
        List<CaseResult> r = new ArrayList<>();
        // write: +10 %, -5 %, tie, +20 %
        r.add(CaseResult.of(W4, "lz4", 100e6));
        r.add(CaseResult.of(W4, "iaa", 110e6));
        r.add(CaseResult.of(W8, "lz4", 200e6));
        r.add(CaseResult.of(W8, "iaa", 190e6));
        r.add(CaseResult.of(W16, "lz4", 400e6));
        r.add(CaseResult.of(W16, "iaa", 400e6));
        r.add(CaseResult.of(W32, "lz4", 1000e6));
        r.add(CaseResult.of(W32, "iaa", 1200e6));
        // read: the patch's example (+5.97 %) and -10 %
        r.add(CaseResult.of(R64, "lz4", 1415.4e6));
        r.add(CaseResult.of(R64, "iaa", 1499.9e6));
        r.add(CaseResult.of(R4, "lz4", 500e6));
        r.add(CaseResult.of(R4, "iaa", 450e6));
        // another policy is ignored
        r.add(CaseResult.of(R4, "zlib", 1e6));
        return r;
    }

    @Test
    void averagesMediansWinsTiesAndBestGain() {
        ComparisonSummary s = PolicyComparison.compare(results(), "lz4", "iaa", CASES);
        PatternSummary w = s.pattern(IoPattern.WRITE);
        assertEquals(4, w.count());
        assertEquals(6.25, w.avgPct(), 1e-9); // (10 - 5 + 0 + 20) / 4
        assertEquals(5.0, w.medianPct(), 1e-9); // (0 + 10) / 2
        assertEquals(2, w.wins());
        assertEquals(1, w.ties());
        assertEquals("2/4", w.winsText());
        assertEquals(W32, w.best().matrixCase());
        assertEquals(20.0, w.best().changePct(), 1e-9);
        // One value per case and policy: no interval of a case's own, but the type's average has one (cases
        // resampled), and no case can be a significant win.
        assertFalse(w.cases().get(0).hasCi());
        assertEquals(EffectVerdict.NOT_JUDGED, w.cases().get(0).verdict());
        assertTrue(w.hasCi());
        assertEquals("0/4", w.significantWinsText());

        PatternSummary r = s.pattern(IoPattern.READ);
        double gain = 100.0 * (1499.9 / 1415.4 - 1);
        assertEquals(5.97, gain, 0.005);
        assertEquals((gain - 10) / 2, r.avgPct(), 1e-9);
        assertEquals((gain - 10) / 2, r.medianPct(), 1e-9);
        assertEquals("1/2", r.winsText());
        assertEquals("sequential read 64K 16 jobs: 1415.4 → 1499.9 MB/s, +5.97 %",
                ComparisonSummary.bestLine(r.best(), BandwidthUnit.MB));
        // 1415.4e6 B/s = 1349.8 MiB/s; 1499.9e6 B/s = 1430.4 MiB/s
        assertEquals("sequential read 64K 16 jobs: 1349.8 → 1430.4 MiB/s, +5.97 %",
                ComparisonSummary.bestLine(r.best(), BandwidthUnit.MIB));

        PatternSummary all = s.overall();
        assertEquals(6, all.count());
        assertEquals((10 - 5 + 0 + 20 + gain - 10) / 6, all.avgPct(), 1e-9);
        assertEquals((0 + gain) / 2, all.medianPct(), 1e-9);
        assertEquals("3/6", all.winsText());
        assertEquals(List.of(IoPattern.WRITE, IoPattern.READ), s.patterns().stream().map(PatternSummary::pattern).toList());
        assertThrows(IllegalArgumentException.class, () -> s.pattern(IoPattern.RANDREAD));
    }

    @Test
    void textAndCsvUseThePatchFormatAndLabelUnits() {
        ComparisonSummary s = PolicyComparison.compare(results(), "lz4", "iaa", CASES);
        String t = s.toText(BandwidthUnit.MB);
        assertTrue(t.contains("MB/s (1 MB = 10^6 bytes)"), t);
        assertTrue(t.contains("sequential write      4    +6.25 %    +5.00 %     2/4     0/4  ["), t);
        assertTrue(t.contains("per case: n/a (one fork pair per case)"), t);
        double worst = Math.max(s.pattern(IoPattern.WRITE).mdePct(), s.pattern(IoPattern.READ).mdePct());
        assertTrue(t.contains("A 1 % MDE for every I/O type would take about " + (long) Math.ceil(worst * worst)
                + " fork pairs per case"), t);
        assertTrue(t.contains("  sequential write 32K 1 job: 1000.0 → 1200.0 MB/s, +20.00 %"), t);
        assertTrue(t.contains("1 tie(s)"), t);
        assertTrue(t.startsWith("Bandwidth of iaa (B) versus lz4 (A), 6 cases; MB/s (1 MB = 10^6 bytes)\n"
                + "A: lz4 = unknown -> unknown\nB: iaa = unknown -> unknown\n"), t);
        String csv = s.summaryCsv(BandwidthUnit.MB);
        assertTrue(csv.startsWith("io_type,baseline,candidate,cases,avg_change_pct,median_change_pct,wins,ties,"
                + "avg_ci95_low_pct,avg_ci95_high_pct,best_case,best_baseline_mbps,best_candidate_mbps,best_change_pct,"
                + "baseline_codec,baseline_path,candidate_codec,candidate_path\n"), csv);
        assertTrue(csv.contains("\nwrite,lz4,iaa,4,6.2500,5.0000,2,1,"), csv);
        assertTrue(csv.contains(",write-32k-1j,1000.0000,1200.0000,20.0000,unknown,unknown,unknown,unknown\n"), csv);
        String cases = s.casesCsv();
        assertTrue(cases.contains("\nwrite-8k-1j,write,8192,1,lz4,iaa,200000000.0000,190000000.0000,-5.0000,,,1,,,,not judged\n"), cases);
    }

    @Test
    void theSummaryNamesTheCodecAndPathOfEachPolicy() {
        ComparisonSummary s = PolicyComparison.compare(results(), "lz4", "iaa", CASES).withCodecs(
                new PolicyCodec("lz4", "lz4:impl=ffm", "ffm"),
                PolicyCodec.of("iaa", List.of("qpl:path=auto,huffman=fixed", "qpl:path=auto,huffman=fixed"),
                        List.of("software", "unknown", "software")));
        String t = s.toText(BandwidthUnit.MB);
        assertTrue(t.contains("\nA: lz4 = lz4:impl=ffm -> ffm\nB: iaa = qpl:path=auto,huffman=fixed -> software\nI/O type"), t);
        String csv = s.summaryCsv(BandwidthUnit.MB);
        assertTrue(csv.lines().skip(1).allMatch(l -> l.endsWith(",lz4:impl=ffm,ffm,\"qpl:path=auto,huffman=fixed\",software")), csv);
        assertThrows(IllegalArgumentException.class, () -> s.withCodecs(PolicyCodec.unknown("iaa"), PolicyCodec.unknown("lz4")),
                "codecs must belong to their policies");
    }

    @Test
    void aPolicyWhoseRowsRanOnSeveralPathsSaysSo() {
        PolicyCodec mixed = PolicyCodec.of("iaa", List.of("qpl:path=auto", ""), List.of("software", "hardware", "software"));
        assertEquals("iaa = qpl:path=auto -> software | hardware", mixed.label());
        assertEquals("iaa = unknown -> unknown", PolicyCodec.of("iaa", List.of(), List.of(" ", "unknown")).label());
    }

    @Test
    void missingCasesAreNamed() {
        List<CaseResult> r = new ArrayList<>(results());
        r.removeIf(x -> x.matrixCase().equals(W8) && x.policy().equals("iaa"));
        r.removeIf(x -> x.matrixCase().equals(R4) && x.policy().equals("lz4"));
        MissingResultsException e = assertThrows(MissingResultsException.class,
                () -> PolicyComparison.compare(r, "lz4", "iaa", CASES));
        assertEquals(List.of("iaa:write-8k-1j", "lz4:read-4k-8j"), e.missing());
        assertTrue(e.getMessage().contains("iaa:write-8k-1j"), e.getMessage());
    }

    @Test
    void duplicatesSamePolicyAndBadValuesAreRejected() {
        List<CaseResult> r = new ArrayList<>(results());
        r.add(CaseResult.of(W4, "iaa", 1e6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyComparison.compare(r, "lz4", "iaa", CASES));
        assertTrue(e.getMessage().contains("duplicate result for iaa:write-4k-1j"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyComparison.compare(results(), "lz4", "lz4", CASES));
        assertThrows(IllegalArgumentException.class, () -> PolicyComparison.compare(results(), "lz4", "iaa", List.of()));
        assertThrows(IllegalArgumentException.class, () -> CaseResult.of(W4, "lz4", 0));
        assertThrows(IllegalArgumentException.class, () -> CaseResult.of(W4, "lz4", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CaseResult.ofSamples(W4, "lz4"));
        assertThrows(IllegalArgumentException.class, () -> CaseResult.ofSamples(W4, "lz4", 1, -1));
    }

    @Test
    void theResultsCsvRowIsTheInputItsSamplesPairedInOrder() {
        // Rows as a matrix command writes them: results.csv columns plus each fork's bytes/s in the order they ran.
        CaseResult a = new CaseResult(W4, "a", "lz4:impl=ffm", "ffm", 100, 1, 24_414, 10, 20, 30, 2.1, 50, 3,
                java.util.Map.of("error", 0L), "jmh").withSamples(90e6, 110e6);
        CaseResult b = new CaseResult(W4, "b", "lz4:impl=ffm", "ffm", 110, 1, 26_855, 10, 20, 30, 2.1, 50, 3,
                java.util.Map.of("error", 0L), "jmh").withSamples(99e6, 121e6);
        CaseComparison c = PolicyComparison.compare(List.of(a, b), "a", "b", List.of(W4)).pattern(IoPattern.WRITE)
                .cases().get(0);
        assertEquals(2, c.pairs());
        assertEquals(10.0, c.ciLowPct(), 1e-9, "pair i is the i-th sample of each side: every pair says +10 %");
        // Reversing B's samples breaks the pairing: the pairs now say -10 % and +34.4 %.
        CaseComparison unpaired = PolicyComparison.compare(List.of(a, b.withSamples(121e6, 99e6)), "a", "b",
                List.of(W4)).pattern(IoPattern.WRITE).cases().get(0);
        assertTrue(unpaired.ciLowPct() < 0, "a misordered pair shows as spread: " + unpaired.ciLowPct());
        // Without samples the row's mean bandwidth is compared, one pair of means.
        CaseComparison means = PolicyComparison.compare(List.of(a.withSamples(), b.withSamples()), "a", "b",
                List.of(W4)).pattern(IoPattern.WRITE).cases().get(0);
        assertEquals(1, means.pairs());
        assertEquals(10.0, means.changePct(), 1e-9);
        // A compared row must have moved data: a clear error, not a NaN in the summary.
        CaseResult stalled = new CaseResult(W4, "b", "", "", 0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, java.util.Map.of(), "fio");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyComparison.compare(List.of(a, stalled), "a", "b", List.of(W4)));
        assertTrue(e.getMessage().contains("case write-4k-1j policy b") && e.getMessage().contains("positive"),
                e.getMessage());
    }

    @Test
    void intervalsComeFromForkPairs() {
        // Every pair says +10 % (A's forks drift from 90 to 110, B's with them): no noise left after pairing.
        List<CaseResult> exact = List.of(CaseResult.ofSamples(W4, "a", 90, 110), CaseResult.ofSamples(W4, "b", 99, 121));
        CaseComparison c = PolicyComparison.compare(exact, "a", "b", List.of(W4)).pattern(IoPattern.WRITE).cases().get(0);
        assertEquals(10.0, c.changePct(), 1e-9);
        assertEquals(10.0, c.ciLowPct(), 1e-9);
        assertEquals(10.0, c.ciHighPct(), 1e-9);
        assertEquals(2, c.pairs());
        assertEquals(EffectVerdict.B_FASTER, c.verdict());
        // The bandwidths are the forks' geometric means, so that B/A is exactly the change shown beside them.
        assertEquals(Math.sqrt(90 * 110), c.baselineBw(), 1e-9);
        assertEquals(1.1, c.candidateBw() / c.baselineBw(), 1e-12);

        // Log ratios 0.1 and 0.3: the case is PairedRatio's (t with 1 df), and a one-case type is that case.
        List<CaseResult> noisy = List.of(CaseResult.ofSamples(W4, "a", 100, 100),
                CaseResult.ofSamples(W4, "b", 100 * Math.exp(0.1), 100 * Math.exp(0.3)));
        PatternSummary p = PolicyComparison.compare(noisy, "a", "b", List.of(W4)).pattern(IoPattern.WRITE);
        io.vdobench.stats.PairedRatio r = io.vdobench.stats.PairedRatio.of(new double[] {100, 100},
                new double[] {100 * Math.exp(0.1), 100 * Math.exp(0.3)});
        assertEquals(100 * r.change(), p.avgPct(), 1e-9);
        assertEquals(100 * r.low(), p.cases().get(0).ciLowPct(), 1e-9);
        assertEquals(100 * r.high(), p.cases().get(0).ciHighPct(), 1e-9);
        assertEquals(100 * r.detectable(0.05, 0.8), p.cases().get(0).mdePct(), 1e-9);
        assertEquals(r.p(), p.p(), 1e-9);
        assertEquals(r.p(), p.pHolm(), 1e-9, "one I/O type: its all-cases row is the same test, not a second one");
        assertEquals(100 * r.detectable(0.05, 0.8), p.mdePct(), 1e-9, "one case: the type's MDE is the case's");
        assertEquals(EffectVerdict.NO_DIFFERENCE, p.verdict());

        // Unequal fork counts cannot be paired: one pair of means, no interval of the case.
        List<CaseResult> mixed = new ArrayList<>(noisy);
        mixed.add(CaseResult.ofSamples(W8, "a", 100, 100, 100));
        mixed.add(CaseResult.ofSamples(W8, "b", 100, 100));
        CaseComparison w8 = PolicyComparison.compare(mixed, "a", "b", List.of(W4, W8)).pattern(IoPattern.WRITE).cases().get(1);
        assertEquals(1, w8.pairs());
        assertFalse(w8.hasCi());
    }

    @Test
    void holmCorrectsTheTypesTogetherAndAnAaRunSaysWhatItIs() {
        // Two types, each 3 cases x 4 pairs: writes clearly slower (-3 % +- 0.1 %), reads A/A.
        List<CaseResult> r = new ArrayList<>();
        double[] wiggle = {0.999, 1.001, 1.0, 1.0005};
        for (MatrixCase c : List.of(W4, W8, W16, R64, R4, MatrixCase.of(IoPattern.READ, 8192, 1))) {
            double[] a = {100, 105, 95, 102};
            double[] b = new double[4];
            for (int i = 0; i < 4; i++) {
                b[i] = a[i] * wiggle[(i + c.blockSize() / 4096) % 4] * (c.pattern().isWrite() ? 0.97 : 1.0);
            }
            r.add(CaseResult.ofSamples(c, "lz4", a));
            r.add(CaseResult.ofSamples(c, "lz4#2", b));
        }
        ComparisonSummary s = PolicyComparison.compare(r, "lz4", "lz4#2",
                List.of(W4, W8, W16, R64, R4, MatrixCase.of(IoPattern.READ, 8192, 1)));
        assertEquals(EffectVerdict.B_SLOWER, s.pattern(IoPattern.WRITE).verdict());
        assertEquals(EffectVerdict.NO_DIFFERENCE, s.pattern(IoPattern.READ).verdict());
        assertTrue(s.pattern(IoPattern.WRITE).pHolm() >= s.pattern(IoPattern.WRITE).p());
        assertTrue(s.isAa());
        String t = s.toText(BandwidthUnit.MB);
        assertTrue(t.startsWith("A/A RUN: lz4 against itself (lz4#2)"), t);
        assertTrue(t.contains("p corrected by Holm over 3 test(s)"), t);
        assertTrue(t.contains("This run cannot tell differences below: sequential write "), t);
        assertFalse(t.contains("A 1 % MDE"), "this run reaches 1 %: " + t);
        String v = s.verdictsCsv();
        assertTrue(v.startsWith("io_type,baseline,candidate,aa,cases,min_pairs,avg_change_pct,ci95_low_pct,"), v);
        assertTrue(v.contains("\nwrite,lz4,lz4#2,true,3,4,-2.9"), v);
        assertTrue(v.contains(",Holm,0.05,B slower,"), v);
    }

    @Test
    void the72CaseMatrixGivesEighteenPerType() {
        Matrix m = Matrix.load();
        List<CaseResult> r = new ArrayList<>();
        int i = 0;
        for (MatrixCase c : m.cases("full")) {
            r.add(CaseResult.of(c, "lz4", 1000e6));
            // B wins 13 of each 18 (the first 13 of each type), loses the rest.
            r.add(CaseResult.of(c, "iaa", (i++ % 18) < 13 ? 1010e6 : 990e6));
        }
        ComparisonSummary s = PolicyComparison.compare(r, "lz4", "iaa", m.cases("full"));
        for (PatternSummary p : s.patterns()) {
            assertEquals("13/18", p.winsText());
            assertEquals((13 * 1.0 - 5 * 1.0) / 18, p.avgPct(), 1e-9);
            assertEquals(1.0, p.medianPct(), 1e-9);
        }
        assertEquals("52/72", s.overall().winsText());
    }
}
