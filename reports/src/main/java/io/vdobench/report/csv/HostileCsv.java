package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.HostileTally;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code hostile.csv}, exactly as the conformance suite's hostile-input tests write it
 * ({@code conformance/target/hostile.csv}): one row per decoder × mutation.
 */
public final class HostileCsv {
    public static final String FILE = "hostile.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("decoder", TEXT, "codec id fed the inputs, or packed-block-reader"),
            Column.required("mutation", TEXT, "kind of damage: BIT_FLIP, TRUNCATE, SHORT_EXPECTED, HEADER_NOISE, ..."),
            Column.required("cases", INTEGER, "inputs tried = typed_error + decoded_same + decoded_different + violations"),
            Column.required("typed_error", INTEGER, "rejected with a typed error: the good outcome"),
            Column.required("decoded_same", INTEGER, "decoded to exactly the original bytes anyway"),
            Column.required("decoded_different", INTEGER, "decoded to the claimed length, in bounds, other bytes: another"
                    + " valid stream. Undetectable by design (dm-vdo fragments carry no checksum), not a decoder fault"),
            Column.required("violations", INTEGER, "untyped exception, out-of-bounds write, success on a stream that cannot"
                    + " decode to the claimed length, bounds-violating lookup: always a defect"),
            Column.optional("max_case_us", INTEGER, "slowest single case, microseconds"),
            Column.optional("errors", TEXT, "typed errors by type, a map {Type=count, ...}. Default: {}")));

    private HostileCsv() {
    }

    public static List<HostileTally> read(Path file) {
        List<HostileTally> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            long cases = r.requiredInteger("cases");
            long typed = r.requiredInteger("typed_error");
            long same = r.requiredInteger("decoded_same");
            long different = r.requiredInteger("decoded_different");
            long violations = r.requiredInteger("violations");
            if (typed + same + different + violations != cases) {
                throw r.error("cases", Long.toString(cases), "is not typed_error + decoded_same + decoded_different"
                        + " + violations (" + (typed + same + different + violations) + ")");
            }
            Map<String, Long> errors;
            try {
                errors = parseErrorMap(r.text("errors"));
            } catch (IllegalArgumentException e) {
                throw r.error("errors", r.text("errors"), e.getMessage());
            }
            out.add(new HostileTally(r.requiredText("decoder"), r.requiredText("mutation"), cases, typed, same, different,
                    violations, r.integer("max_case_us", -1), errors));
        }
        return out;
    }

    /** The suite's {@code {A=1, B/x=2}} (Java's map toString); empty or {@code {}} is no entry. */
    static Map<String, Long> parseErrorMap(String s) {
        Map<String, Long> m = new LinkedHashMap<>();
        String t = s.strip();
        if (t.isEmpty() || t.equals("{}")) {
            return m;
        }
        if (!t.startsWith("{") || !t.endsWith("}")) {
            throw new IllegalArgumentException("is not a map {Type=count, ...}");
        }
        for (String entry : t.substring(1, t.length() - 1).split(",\\s*")) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("entry '" + entry + "' is not Type=count");
            }
            try {
                m.merge(entry.substring(0, eq).strip(), Long.parseLong(entry.substring(eq + 1).strip()), Long::sum);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("entry '" + entry + "' has no integer count");
            }
        }
        return m;
    }

    public static void write(Path file, List<HostileTally> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (HostileTally h : rows) {
            StringJoiner errors = new StringJoiner(", ", "{", "}");
            h.errorTypes().forEach((k, v) -> errors.add(k + "=" + v));
            cells.add(List.of(h.decoder(), h.mutation(), Long.toString(h.cases()), Long.toString(h.typedError()),
                    Long.toString(h.decodedSame()), Long.toString(h.decodedDifferent()), Long.toString(h.violations()),
                    h.maxCaseMicros() < 0 ? "" : Long.toString(h.maxCaseMicros()), errors.toString()));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
