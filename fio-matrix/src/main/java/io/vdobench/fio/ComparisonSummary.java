package io.vdobench.fio;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The comparison of candidate B against baseline A: one {@link PatternSummary} per I/O type plus the
 * all-cases row, printable in the patch's format and as CSV. Each policy carries what ran behind its
 * name ({@link PolicyCodec}: codec id and executed path), printed with the table so that it cannot be
 * read as IAA hardware when it was not.
 */
public record ComparisonSummary(String baseline, String candidate, List<PatternSummary> patterns,
                                PatternSummary overall, PolicyCodec baselineCodec, PolicyCodec candidateCodec) {
    public ComparisonSummary {
        patterns = List.copyOf(patterns);
        baselineCodec = baselineCodec == null ? PolicyCodec.unknown(baseline) : baselineCodec;
        candidateCodec = candidateCodec == null ? PolicyCodec.unknown(candidate) : candidateCodec;
        if (!baselineCodec.policy().equals(baseline) || !candidateCodec.policy().equals(candidate)) {
            throw new IllegalArgumentException("codecs " + baselineCodec + " / " + candidateCodec
                    + " do not belong to policies " + baseline + " / " + candidate);
        }
    }

    /** A comparison whose codecs and paths were not recorded (they print as unknown). */
    public ComparisonSummary(String baseline, String candidate, List<PatternSummary> patterns, PatternSummary overall) {
        this(baseline, candidate, patterns, overall, null, null);
    }

    /** The same comparison, saying what ran behind each policy. */
    public ComparisonSummary withCodecs(PolicyCodec baselineCodec, PolicyCodec candidateCodec) {
        return new ComparisonSummary(baseline, candidate, patterns, overall, baselineCodec, candidateCodec);
    }

    /** The row of one I/O type. */
    public PatternSummary pattern(IoPattern p) {
        for (PatternSummary s : patterns) {
            if (s.pattern() == p) {
                return s;
            }
        }
        throw new IllegalArgumentException("no cases of " + p + " in this comparison");
    }

    /** Best-gain line as the patch wrote it: "sequential write 64K 16 jobs: 1415.4 → 1499.9 MB/s, +5.97 %". */
    public static String bestLine(CaseComparison c, BandwidthUnit unit) {
        return String.format(Locale.ROOT, "%s: %.1f → %.1f %s, %s", c.matrixCase().label(),
                unit.fromBytes(c.baselineBw()), unit.fromBytes(c.candidateBw()), unit.symbol(), pct(c.changePct()));
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%+.2f %%", v);
    }

    /** The patch-style table. */
    public String toText(BandwidthUnit unit) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Bandwidth of %s (B) versus %s (A), %d cases; %s (%s)%n", candidate,
                baseline, overall.count(), unit.symbol(), unit.definition()));
        sb.append("A: ").append(baselineCodec.label()).append(System.lineSeparator());
        sb.append("B: ").append(candidateCodec.label()).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-17s %5s %10s %10s %7s  %s%n", "I/O type", "cases", "average",
                "median", "B wins", "95% CI of average"));
        List<PatternSummary> rows = new ArrayList<>(patterns);
        rows.add(overall);
        for (PatternSummary s : rows) {
            sb.append(String.format(Locale.ROOT, "%-17s %5d %10s %10s %7s  %s%n", s.label(), s.count(),
                    pct(s.avgPct()), pct(s.medianPct()), s.winsText(),
                    s.hasCi() ? "[" + pct(s.avgCiLow()) + ", " + pct(s.avgCiHigh()) + "]" : "n/a (no repeats)"));
        }
        sb.append("Best gain per I/O type:").append(System.lineSeparator());
        for (PatternSummary s : patterns) {
            sb.append("  ").append(bestLine(s.best(), unit)).append(System.lineSeparator());
        }
        if (overall.ties() > 0) {
            sb.append(String.format(Locale.ROOT, "(%d tie(s) counted as neither win nor loss)%n", overall.ties()));
        }
        return sb.toString();
    }

    /**
     * summary.csv: one row per I/O type plus "all". Bandwidths in bytes/s and in {@code unit}; every
     * row repeats each policy's codec id and executed path.
     */
    public String summaryCsv(BandwidthUnit unit) {
        String u = unit.symbol().replace("/", "p").toLowerCase(Locale.ROOT);
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord("io_type", "baseline", "candidate", "cases", "avg_change_pct", "median_change_pct", "wins",
                    "ties", "avg_ci95_low_pct", "avg_ci95_high_pct", "best_case", "best_baseline_" + u,
                    "best_candidate_" + u, "best_change_pct", "baseline_codec", "baseline_path", "candidate_codec",
                    "candidate_path");
            List<PatternSummary> rows = new ArrayList<>(patterns);
            rows.add(overall);
            for (PatternSummary s : rows) {
                CaseComparison b = s.best();
                p.printRecord(s.pattern() == null ? "all" : s.pattern().fioName(), baseline, candidate, s.count(),
                        num(s.avgPct()), num(s.medianPct()), s.wins(), s.ties(), num(s.avgCiLow()),
                        num(s.avgCiHigh()), b.matrixCase().id(), num(unit.fromBytes(b.baselineBw())),
                        num(unit.fromBytes(b.candidateBw())), num(b.changePct()), baselineCodec.codec(),
                        baselineCodec.executedPath(), candidateCodec.codec(), candidateCodec.executedPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** One row per case: both bandwidths (bytes/s), change and its interval. */
    public String casesCsv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord("case", "rw", "bs", "numjobs", "baseline", "candidate", "baseline_bw_bytes",
                    "candidate_bw_bytes", "change_pct", "ci95_low_pct", "ci95_high_pct");
            for (PatternSummary s : patterns) {
                for (CaseComparison c : s.cases()) {
                    MatrixCase m = c.matrixCase();
                    p.printRecord(m.id(), m.pattern().fioName(), m.blockSize(), m.numjobs(), baseline, candidate,
                            num(c.baselineBw()), num(c.candidateBw()), num(c.changePct()), num(c.ciLowPct()),
                            num(c.ciHighPct()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
