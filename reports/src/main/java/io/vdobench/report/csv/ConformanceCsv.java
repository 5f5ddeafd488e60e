package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.ConformanceRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code conformance.csv}: the directional producer → consumer matrix (conformance/target/conformance.csv). */
public final class ConformanceCsv {
    public static final String FILE = "conformance.csv";
    public static final Set<String> EXPECTED = Set.of("decode", "fail");
    public static final Set<String> OUTCOMES = Set.of("decode", "fail", "wrong", "error", "skip");

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("producer", TEXT, "codec id that compressed"),
            Column.required("consumer", TEXT, "codec id that decompressed"),
            Column.required("block_size", INTEGER, "bytes of the original block"),
            Column.optional("data_kind", TEXT, "data kind compressed, e.g. FIO60, TEXT. Default: unknown"),
            Column.required("expected", TEXT, "decode (exact bytes back) or fail (clean typed rejection)"),
            Column.required("outcome", TEXT, "decode, fail, wrong (other bytes, no error), error (crash or"
                    + " untyped error) or skip (a side unavailable on this host)"),
            Column.optional("detail", TEXT, "exception or reason, free text")));

    private ConformanceCsv() {
    }

    public static List<ConformanceRow> read(Path file) {
        List<ConformanceRow> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            String expected = r.requiredText("expected").toLowerCase(Locale.ROOT);
            if (!EXPECTED.contains(expected)) {
                throw r.error("expected", expected, "must be one of " + EXPECTED);
            }
            String outcome = r.requiredText("outcome").toLowerCase(Locale.ROOT);
            if (!OUTCOMES.contains(outcome)) {
                throw r.error("outcome", outcome, "must be one of " + OUTCOMES);
            }
            out.add(new ConformanceRow(r.requiredText("producer"), r.requiredText("consumer"), r.blockSize("block_size"),
                    r.text("data_kind", "unknown"), expected, outcome, r.text("detail")));
        }
        return out;
    }

    public static void write(Path file, List<ConformanceRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (ConformanceRow c : rows) {
            cells.add(List.of(c.producer(), c.consumer(), Integer.toString(c.blockSize()), c.dataKind(), c.expected(),
                    c.outcome(), c.detail()));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
