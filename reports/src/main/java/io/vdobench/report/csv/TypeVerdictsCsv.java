package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.DECIMAL;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.IoVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of {@code verdicts.csv} the page's first screen shows: the verdict per I/O type, with the average
 * change and its interval when given. The comparison that settles a patch (paired forks) writes the file with more
 * columns; this reader takes only these, as the producer decided them.
 */
public final class TypeVerdictsCsv {
    public static final String FILE = "verdicts.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("io_type", TEXT, "I/O type (write, read, randwrite, randread) or 'all'"),
            Column.required("verdict", TEXT, "B faster, B slower, no detectable difference, or not judged"),
            Column.required("avg_change_pct", DECIMAL, "mean over the cases of the change of B against A, %"),
            Column.optional("ci95_low_pct", DECIMAL, "95 % interval of the average, low end"),
            Column.optional("ci95_high_pct", DECIMAL, "high end"),
            Column.optional("p_holm", DECIMAL, "p after the correction over the rows")));

    private TypeVerdictsCsv() {
    }

    public static List<IoVerdict> read(Path file) {
        List<IoVerdict> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "average change %+.2f %%",
                    r.requiredDecimal("avg_change_pct")));
            double lo = r.decimal("ci95_low_pct");
            double hi = r.decimal("ci95_high_pct");
            if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                why.append(String.format(Locale.ROOT, ", 95 %% interval [%+.2f %%, %+.2f %%]", lo, hi));
            }
            double p = r.decimal("p_holm");
            if (!Double.isNaN(p)) {
                why.append(String.format(Locale.ROOT, ", Holm p = %.3g", p));
            }
            out.add(new IoVerdict(r.requiredText("io_type"), r.requiredText("verdict"), why.toString()));
        }
        return out;
    }
}
