package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.ConformanceRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code conformance.csv}, exactly as the conformance suite writes it ({@code conformance/target/conformance.csv},
 * io.vdobench.conformance.ReportCsv): the suite owns the vocabulary, this reader follows it and rejects a
 * spelling it does not know (so a change on the suite side is seen, not silently greyed out).
 */
public final class ConformanceCsv {
    public static final String FILE = "conformance.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("producer", TEXT, "codec id that compressed, or 'hostile' for a hostile-input summary row"),
            Column.required("consumer", TEXT, "matrix consumer (jdk-inflater, qpl-software-decompress, ...), a codec id,"
                    + " 'max-distance', or the decoder of a hostile row"),
            Column.required("block_size", INTEGER, "bytes of the original block"),
            Column.optional("data_kind", TEXT, "corpus data kind (zeros, fio60, text, ...); hostile rows: the mutation."
                    + " Default: unknown"),
            Column.required("expected", TEXT, "decode, fail, unknown or fail-or-exact-length"),
            Column.required("outcome", TEXT, "decoded, failed:<Type>[/<QPL status>], wrong-data, skipped:<reason>,"
                    + " within-4k / exceeds-4k (max-distance rows), ok / violations:<n> (hostile rows)"),
            Column.optional("detail", TEXT, "fragment length, max distance, block types, the rule, the exception")));

    private ConformanceCsv() {
    }

    public static List<ConformanceRow> read(Path file) {
        List<ConformanceRow> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            ConformanceRow row = new ConformanceRow(r.requiredText("producer"), r.requiredText("consumer"),
                    r.blockSize("block_size"), r.text("data_kind", "unknown"), r.requiredText("expected"),
                    r.requiredText("outcome"), r.text("detail"));
            String problem = row.vocabularyProblem();
            if (problem != null) {
                boolean exp = problem.startsWith("expected");
                throw r.error(exp ? "expected" : "outcome", exp ? row.expected() : row.outcome(), problem);
            }
            out.add(row);
        }
        return out;
    }

    /** Writes the suite's format (for tests and tools inside reports; the suite has its own writer). */
    public static void write(Path file, List<ConformanceRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (ConformanceRow c : rows) {
            cells.add(List.of(c.producer(), c.consumer(), Integer.toString(c.blockSize()), c.dataKind(), c.expected(),
                    c.outcome(), c.detail()));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
