package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.HostileTally;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code hostile.csv}: damaged and malicious fragments fed to each decoder, tallied by outcome. */
public final class HostileCsv {
    public static final String FILE = "hostile.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("consumer", TEXT, "codec id that was fed the inputs"),
            Column.required("mutation", TEXT, "kind of damage: truncate, bitflip, random, oversize, ..."),
            Column.required("cases", INTEGER, "inputs tried"),
            Column.required("rejected", INTEGER, "rejected with a typed exception (CorruptFragmentException)"),
            Column.optional("decoded_ok", INTEGER, "decoded to exactly the original bytes anyway. Default 0"),
            Column.optional("wrong", INTEGER, "returned other bytes without an error: raw LZ4/DEFLATE fragments carry"
                    + " no checksum, so some damage is invisible to any decoder. Default 0"),
            Column.required("errors", INTEGER, "crash, hang, out-of-bounds write or untyped exception: always a defect")));

    private HostileCsv() {
    }

    public static List<HostileTally> read(Path file) {
        List<HostileTally> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            long cases = r.requiredInteger("cases");
            long rejected = r.requiredInteger("rejected");
            long ok = r.integer("decoded_ok", 0);
            long wrong = r.integer("wrong", 0);
            long errors = r.requiredInteger("errors");
            if (rejected + ok + wrong + errors != cases) {
                throw r.error("cases", Long.toString(cases), "is not rejected + decoded_ok + wrong + errors ("
                        + (rejected + ok + wrong + errors) + ")");
            }
            out.add(new HostileTally(r.requiredText("consumer"), r.requiredText("mutation"), cases, rejected, ok, wrong, errors));
        }
        return out;
    }

    public static void write(Path file, List<HostileTally> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (HostileTally h : rows) {
            cells.add(List.of(h.consumer(), h.mutation(), Long.toString(h.cases()), Long.toString(h.rejected()),
                    Long.toString(h.decodedOk()), Long.toString(h.wrong()), Long.toString(h.errors())));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
