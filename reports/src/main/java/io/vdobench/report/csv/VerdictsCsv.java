package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.IoVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verdicts.csv}: the comparison's verdict per I/O type, as its producer decided it; the first screen of the
 * page shows it as it is. Without the file the first screen shows summary.csv's figures and says no verdict was
 * computed.
 */
public final class VerdictsCsv {
    public static final String FILE = "verdicts.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("pattern", TEXT, "fio I/O type, or all"),
            Column.required("verdict", TEXT, "the producer's word: faster, slower, no difference, inconclusive, ..."),
            Column.optional("detail", TEXT, "why, in words: the estimate and its interval. Default: empty")));

    private VerdictsCsv() {
    }

    public static List<IoVerdict> read(Path file) {
        List<IoVerdict> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            out.add(new IoVerdict(r.requiredText("pattern"), r.requiredText("verdict"), r.text("detail", "")));
        }
        return out;
    }
}
