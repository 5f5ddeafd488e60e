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

    /** The patch-style table, with each row's verdict, its p after Holm's correction and the run's MDE. */
    public String toText(BandwidthUnit unit) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        if (isAa()) {
            sb.append("A/A RUN: ").append(baseline).append(" against itself (").append(candidate)
                    .append("): every difference below is the method's own noise; any verdict other than")
                    .append(" \"no detectable difference\" is a false alarm.").append(nl);
        }
        sb.append(String.format(Locale.ROOT, "Bandwidth of %s (B) versus %s (A), %d cases; %s (%s)%n", candidate,
                baseline, overall.count(), unit.symbol(), unit.definition()));
        sb.append("A: ").append(baselineCodec.label()).append(nl);
        sb.append("B: ").append(candidateCodec.label()).append(nl);
        sb.append(String.format(Locale.ROOT, "%-17s %5s %10s %10s %7s %7s  %-22s %7s %7s  %s%n", "I/O type", "cases",
                "average", "median", "B wins", "signif", "95% CI of average", "p Holm", "MDE", "verdict"));
        List<PatternSummary> rows = new ArrayList<>(patterns);
        rows.add(overall);
        for (PatternSummary s : rows) {
            sb.append(String.format(Locale.ROOT, "%-17s %5d %10s %10s %7s %7s  %-22s %7s %7s  %s%n", s.label(),
                    s.count(), pct(s.avgPct()), pct(s.medianPct()), s.winsText(), s.significantWinsText(),
                    s.hasCi() ? "[" + pct(s.avgCiLow()) + ", " + pct(s.avgCiHigh()) + "]" : "n/a",
                    Double.isNaN(s.pHolm()) ? "n/a" : String.format(Locale.ROOT, "%.3f", s.pHolm()),
                    Double.isNaN(s.mdePct()) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", s.mdePct()),
                    s.verdict().label()));
        }
        sb.append("Best gain per I/O type:").append(nl);
        for (PatternSummary s : patterns) {
            sb.append("  ").append(bestLine(s.best(), unit)).append(nl);
        }
        if (overall.ties() > 0) {
            sb.append(String.format(Locale.ROOT, "(%d tie(s) counted as neither win nor loss)%n", overall.ties()));
        }
        sb.append(method()).append(nl);
        sb.append(detectable()).append(nl);
        return sb.toString();
    }

    /** True when A and B are the same policy under two labels. */
    public boolean isAa() {
        return PolicyLabels.isAa(baseline, candidate);
    }

    /** How the figures were obtained, in a few lines. */
    public String method() {
        int minPairs = overall.minPairs();
        String nl = System.lineSeparator();
        int tests = patterns.size() == 1 ? 1 : patterns.size() + 1;
        return String.format(Locale.ROOT, "Method: %s per case, run next to each other (A B B A / B A A B); change ="
                        + " geometric mean of the pair ratios.%n  Interval and p of a type: hierarchical bootstrap"
                        + " (cases, then pairs within a case); p corrected by %s over %d test(s) (\"p Holm\").%n"
                        + "  signif = cases B is faster in at %s-corrected p < %.2f over the cases of the type."
                        + " MDE = change found 80 %% of the time at alpha %.2f.",
                minPairs == 1 ? "1 fork pair (no interval of its own)" : minPairs + " or more fork pairs", CORRECTION,
                tests, CORRECTION, PolicyComparison.ALPHA, PolicyComparison.ALPHA).replace("\n", nl);
    }

    private static final String CORRECTION = PolicyComparison.CORRECTION;

    /** "this run cannot tell differences below X %", per I/O type and per case, and what 1 % would take. */
    public String detectable() {
        StringBuilder sb = new StringBuilder("This run cannot tell differences below:");
        for (PatternSummary s : patterns) {
            sb.append(String.format(Locale.ROOT, " %s %s;", s.label(), mde(s.mdePct())));
        }
        double[] perCase = overall.cases().stream().mapToDouble(CaseComparison::mdePct).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (perCase.length == 0) {
            sb.append(" per case: n/a (one fork pair per case).");
        } else {
            sb.append(String.format(Locale.ROOT, " per case: median %.2f %% (%.2f … %.2f %%).",
                    perCase[perCase.length / 2], perCase[0], perCase[perCase.length - 1]));
        }
        int pairs = overall.minPairs();
        double worst = patterns.stream().mapToDouble(PatternSummary::mdePct).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
        if (worst > 1.0) {
            // MODEL: the spread of an average over pairs shrinks as 1/sqrt(pairs); the t multiplier's change is left out.
            double needed = Math.ceil(pairs * worst * worst);
            sb.append(System.lineSeparator()).append(String.format(Locale.ROOT, "A 1 %% MDE for every I/O type would"
                    + " take %s fork pairs per case at this run's spread (MODEL: spread / sqrt(pairs)).",
                    needed > 10_000 ? "more than 10000" : "about " + (long) needed));
        }
        return sb.toString();
    }

    private static String mde(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", v);
    }

    /**
     * verdicts.csv: one row per I/O type plus "all": the settled comparison, for the report and anyone
     * else (reports/SCHEMA.md).
     */
    public String verdictsCsv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord("io_type", "baseline", "candidate", "aa", "cases", "min_pairs", "avg_change_pct",
                    "ci95_low_pct", "ci95_high_pct", "p", "p_holm", "correction", "alpha", "verdict", "mde_pct",
                    "wins", "significant_wins", "case_mde_median_pct");
            List<PatternSummary> rows = new ArrayList<>(patterns);
            rows.add(overall);
            for (PatternSummary s : rows) {
                double[] m = s.cases().stream().mapToDouble(CaseComparison::mdePct).filter(v -> !Double.isNaN(v))
                        .sorted().toArray();
                p.printRecord(s.pattern() == null ? "all" : s.pattern().fioName(), baseline, candidate, isAa(),
                        s.count(), s.minPairs(), num(s.avgPct()), num(s.avgCiLow()), num(s.avgCiHigh()), pValue(s.p()),
                        pValue(s.pHolm()), CORRECTION, PolicyComparison.ALPHA, s.verdict().label(), num(s.mdePct()),
                        s.wins(), s.significantWins(), m.length == 0 ? "" : num(m[m.length / 2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
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

    /** One row per case: both bandwidths (bytes/s), change, its interval over fork pairs, p, MDE, verdict. */
    public String casesCsv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord("case", "rw", "bs", "numjobs", "baseline", "candidate", "baseline_bw_bytes",
                    "candidate_bw_bytes", "change_pct", "ci95_low_pct", "ci95_high_pct", "pairs", "p", "p_holm",
                    "mde_pct", "verdict");
            for (PatternSummary s : patterns) {
                for (CaseComparison c : s.cases()) {
                    MatrixCase m = c.matrixCase();
                    p.printRecord(m.id(), m.pattern().fioName(), m.blockSize(), m.numjobs(), baseline, candidate,
                            num(c.baselineBw()), num(c.candidateBw()), num(c.changePct()), num(c.ciLowPct()),
                            num(c.ciHighPct()), c.pairs(), pValue(c.p()), pValue(c.pHolm()), num(c.mdePct()),
                            c.verdict().label());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String pValue(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
