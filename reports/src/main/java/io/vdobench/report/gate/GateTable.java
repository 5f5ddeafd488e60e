package io.vdobench.report.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Renders gate comparisons as a markdown table (for people) and CSV (for tools). */
public final class GateTable {
    static final String[] CSV_HEADER = {"benchmark", "unit", "better", "baseline", "current", "change",
        "change_low95", "change_high95", "p_value", "floor", "verdict", "reason"};

    private GateTable() {
    }

    public static String markdown(SpeedGate.Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | unit | baseline | current | change | 95% interval | p | verdict |\n");
        sb.append("|---|---|---:|---:|---:|---|---:|---|\n");
        for (Comparison c : report.comparisons()) {
            sb.append("| ").append(c.key().replace("|", "\\|"))
                    .append(" | ").append(c.unit())
                    .append(" | ").append(num(c.baseline()))
                    .append(" | ").append(num(c.current()))
                    .append(" | ").append(pct(c.change()))
                    .append(" | ").append(Double.isNaN(c.changeLow()) ? "" : "[" + pct(c.changeLow()) + ", " + pct(c.changeHigh()) + "]")
                    .append(" | ").append(Double.isNaN(c.pValue()) ? "" : String.format(Locale.ROOT, "%.2g", c.pValue()))
                    .append(" | **").append(c.verdict()).append("** ").append(c.reason().replace("|", "\\|"))
                    .append(" |\n");
        }
        sb.append('\n').append(report.normalisationNote()).append('\n');
        return sb.toString();
    }

    public static void csv(List<Comparison> rows, Writer out) {
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
            for (Comparison c : rows) {
                p.printRecord(c.key(), c.unit(), c.direction() > 0 ? "higher" : c.direction() < 0 ? "lower" : "",
                        raw(c.baseline()), raw(c.current()), raw(c.change()), raw(c.changeLow()), raw(c.changeHigh()),
                        raw(c.pValue()), raw(c.floor()), c.verdict(), c.reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String raw(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f%%", 100 * v);
    }
}
