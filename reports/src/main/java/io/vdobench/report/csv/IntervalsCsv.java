package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.DECIMAL;
import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.fio.MatrixCase;
import io.vdobench.report.model.BandwidthInterval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code intervals.csv}: an interval around each case's bandwidth per policy, which the bandwidth charts draw
 * as their bars. Both ends are bandwidths (never below zero); {@code method} says what the interval is.
 */
public final class IntervalsCsv {
    public static final String FILE = "intervals.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("pattern", TEXT, "fio I/O type"),
            Column.required("block_size", INTEGER, "bytes per I/O"),
            Column.required("jobs", INTEGER, "concurrent submitters"),
            Column.required("policy", TEXT, "the policy"),
            Column.required("mb_per_s_low", DECIMAL, "lower end, MB/s (10^6 B/s), >= 0"),
            Column.required("mb_per_s_high", DECIMAL, "upper end, MB/s, >= mb_per_s_low"),
            Column.optional("confidence", DECIMAL, "coverage of the interval. Default: 0.95"),
            Column.optional("method", TEXT, "what the interval is, in words. Default: unknown")));

    private IntervalsCsv() {
    }

    public static List<BandwidthInterval> read(Path file) {
        List<BandwidthInterval> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            double confidence = r.decimal("confidence");
            MatrixCase c = r.matrixCase("pattern", "block_size", "jobs");
            try {
                out.add(new BandwidthInterval(c, r.requiredText("policy"), r.requiredDecimal("mb_per_s_low"),
                        r.requiredDecimal("mb_per_s_high"), Double.isNaN(confidence) ? 0.95 : confidence,
                        r.text("method", "unknown")));
            } catch (IllegalArgumentException e) {
                throw r.error("mb_per_s_low", r.text("mb_per_s_low"), e.getMessage());
            }
        }
        return out;
    }

    public static void write(Path file, List<BandwidthInterval> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (BandwidthInterval i : rows) {
            cells.add(List.of(i.matrixCase().pattern().fioName(), Integer.toString(i.matrixCase().blockSize()),
                    Integer.toString(i.matrixCase().numjobs()), i.policy(), dec(i.low()), dec(i.high()),
                    dec(i.confidence()), i.method()));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }

    private static String dec(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
