package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.DECIMAL;
import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.fio.CaseComparison;
import io.vdobench.report.model.Settlement;
import io.vdobench.stats.EffectVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code verdicts.csv} (the verdict per I/O type and overall) and {@code cases.csv} (each case's change
 * and interval), as the matrix summary writes them ({@code io.vdobench.fio.ComparisonSummary}).
 */
public final class VerdictsCsv {
    public static final String FILE = "verdicts.csv";
    public static final String CASES_FILE = "cases.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("io_type", TEXT, "I/O type (write, read, randwrite, randread) or 'all'"),
            Column.required("baseline", TEXT, "policy A's label"),
            Column.required("candidate", TEXT, "policy B's label (an A/A run's second label is e.g. lz4#2)"),
            Column.required("aa", TEXT, "true when A and B are the same policy: an A/A run"),
            Column.required("cases", INTEGER, "cases of the type"),
            Column.required("min_pairs", INTEGER, "fewest fork pairs of any of its cases"),
            Column.required("avg_change_pct", DECIMAL, "mean over the cases of the change of B against A, %"),
            Column.optional("ci95_low_pct", DECIMAL, "95 % interval of the average (hierarchical bootstrap), low end"),
            Column.optional("ci95_high_pct", DECIMAL, "high end"),
            Column.optional("p", DECIMAL, "two-sided p of 'the average change is 0'"),
            Column.optional("p_holm", DECIMAL, "p after the correction over the rows"),
            Column.required("correction", TEXT, "multiple-comparison correction (Holm)"),
            Column.required("alpha", DECIMAL, "significance level of the verdict and of the MDE"),
            Column.required("verdict", TEXT, "B faster, B slower, no detectable difference, or not judged"),
            Column.optional("mde_pct", DECIMAL, "average change the run detects 80 % of the time at alpha, %"),
            Column.required("wins", INTEGER, "cases where B's bandwidth beat A's"),
            Column.required("significant_wins", INTEGER, "cases with verdict B faster (Holm over the type's cases)"),
            Column.optional("case_mde_median_pct", DECIMAL, "median over the cases of the per-case MDE, %")));

    public static final Schema CASES_SCHEMA = new Schema(CASES_FILE, List.of(
            Column.required("case", TEXT, "case id, e.g. write-4k-1j"),
            Column.required("rw", TEXT, "I/O type"),
            Column.required("bs", INTEGER, "block size, bytes"),
            Column.required("numjobs", INTEGER, "jobs"),
            Column.required("baseline", TEXT, "policy A's label"),
            Column.required("candidate", TEXT, "policy B's label"),
            Column.required("baseline_bw_bytes", DECIMAL, "A's bandwidth, bytes/s (with fork pairs the geometric mean of its forks)"),
            Column.required("candidate_bw_bytes", DECIMAL, "B's bandwidth, bytes/s"),
            Column.required("change_pct", DECIMAL, "geometric mean of the fork pairs' ratios B/A, minus 1, %"),
            Column.optional("ci95_low_pct", DECIMAL, "95 % t interval of the change over fork pairs, low end"),
            Column.optional("ci95_high_pct", DECIMAL, "high end"),
            Column.optional("pairs", INTEGER, "fork pairs (A and B run next to each other)"),
            Column.optional("p", DECIMAL, "paired t-test p"),
            Column.optional("p_holm", DECIMAL, "p after Holm over the cases of the type"),
            Column.optional("mde_pct", DECIMAL, "change the case's pairs detect 80 % of the time at alpha 0.05, %"),
            Column.optional("verdict", TEXT, "B faster, B slower, no detectable difference, or not judged")));

    private VerdictsCsv() {
    }

    /** The run's settlement, or empty when it has no verdicts.csv (an older run, or one policy only). */
    public static Optional<Settlement> load(Path dir) {
        Path v = dir.resolve(FILE);
        if (!Files.isRegularFile(v)) {
            return Optional.empty();
        }
        Path c = dir.resolve(CASES_FILE);
        return Optional.of(new Settlement(read(v), Files.isRegularFile(c) ? readCases(c) : List.of()));
    }

    public static List<Settlement.TypeVerdict> read(Path file) {
        List<Settlement.TypeVerdict> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            out.add(new Settlement.TypeVerdict(r.requiredText("io_type"), r.requiredText("baseline"),
                    r.requiredText("candidate"), Boolean.parseBoolean(r.requiredText("aa")),
                    (int) r.requiredInteger("cases"), (int) r.requiredInteger("min_pairs"),
                    r.requiredDecimal("avg_change_pct"), r.decimal("ci95_low_pct"), r.decimal("ci95_high_pct"),
                    r.decimal("p"), r.decimal("p_holm"), r.requiredText("correction"), r.requiredDecimal("alpha"),
                    r.requiredText("verdict"), r.decimal("mde_pct"), (int) r.requiredInteger("wins"),
                    (int) r.requiredInteger("significant_wins"), r.decimal("case_mde_median_pct")));
        }
        return out;
    }

    /** cases.csv read back as the comparisons the summary wrote. */
    public static List<CaseComparison> readCases(Path file) {
        List<CaseComparison> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, CASES_SCHEMA).rows()) {
            String verdict = r.text("verdict", EffectVerdict.NOT_JUDGED.label());
            EffectVerdict v;
            try {
                v = EffectVerdict.ofLabel(verdict);
            } catch (IllegalArgumentException e) {
                throw r.error("verdict", verdict, e.getMessage());
            }
            out.add(new CaseComparison(r.matrixCase("rw", "bs", "numjobs"), r.requiredDecimal("baseline_bw_bytes"),
                    r.requiredDecimal("candidate_bw_bytes"), r.requiredDecimal("change_pct"), r.decimal("ci95_low_pct"),
                    r.decimal("ci95_high_pct"), (int) r.integer("pairs", 1), r.decimal("p"), r.decimal("p_holm"),
                    r.decimal("mde_pct"), v));
        }
        return out;
    }
}
