package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.DECIMAL;
import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;
import static io.vdobench.report.csv.Units.decimal;

import io.vdobench.report.model.SummaryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code summary.csv}: the patch-style summary, one row per I/O type (policy B vs policy A), each row
 * naming the codec and executed path behind both policies.
 */
public final class SummaryCsv {
    public static final String FILE = "summary.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("pattern", TEXT, "I/O type the row summarises, or 'all'"),
            Column.optional("policy_a", TEXT, "reference policy (e.g. lz4)"),
            Column.optional("policy_b", TEXT, "candidate policy (e.g. iaa); changes are B relative to A"),
            Column.required("avg_change_pct", DECIMAL, "mean over the cases of 100 x (B - A) / A bandwidth, %"),
            Column.required("median_change_pct", DECIMAL, "median of the same, %"),
            Column.required("wins", INTEGER, "cases where B's bandwidth beat A's"),
            Column.required("cases", INTEGER, "cases compared"),
            Column.optional("best_case", TEXT, "case with the largest gain, in words: 'sequential write 64K 16 jobs'"),
            Column.optional("best_from", DECIMAL, "A's bandwidth in that case, MB/s (10^6 B/s)"),
            Column.optional("best_to", DECIMAL, "B's bandwidth in that case, MB/s"),
            Column.optional("best_change_pct", DECIMAL, "the gain in that case, %"),
            Column.optional("codec_a", TEXT, "codec id behind policy A, e.g. lz4:impl=ffm; default unknown"),
            Column.optional("path_a", TEXT, "executed path of policy A's codec (see executed_path); default unknown"),
            Column.optional("codec_b", TEXT, "codec id behind policy B, e.g. qpl:path=auto,huffman=fixed,level=default,verify=on; default unknown"),
            Column.optional("path_b", TEXT, "executed path of policy B's codec: software is libqpl on the CPU, hardware an IAA device; default unknown")));

    private SummaryCsv() {
    }

    public static List<SummaryRow> read(Path file) {
        CsvTable t = CsvTable.read(file, SCHEMA);
        List<SummaryRow> out = new ArrayList<>();
        for (CsvTable.Row r : t.rows()) {
            long wins = r.requiredInteger("wins");
            long cases = r.requiredInteger("cases");
            if (wins < 0 || cases < 0 || wins > cases) {
                throw r.error("wins", r.text("wins"), "must be between 0 and cases (" + cases + ")");
            }
            out.add(new SummaryRow(r.requiredText("pattern"), r.text("policy_a"), r.text("policy_b"),
                    r.requiredDecimal("avg_change_pct"), r.requiredDecimal("median_change_pct"), (int) wins, (int) cases,
                    r.text("best_case"), r.decimal("best_from"), r.decimal("best_to"), r.decimal("best_change_pct"),
                    r.text("codec_a"), r.text("path_a"), r.text("codec_b"), r.text("path_b")));
        }
        return out;
    }

    public static void write(Path file, List<SummaryRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (SummaryRow s : rows) {
            cells.add(List.of(s.pattern(), s.policyA(), s.policyB(), decimal(s.avgChangePct()),
                    decimal(s.medianChangePct()), Integer.toString(s.wins()), Integer.toString(s.cases()), s.bestCase(),
                    decimal(s.bestFrom()), decimal(s.bestTo()), decimal(s.bestChangePct()), s.codecA(), s.pathA(),
                    s.codecB(), s.pathB()));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
