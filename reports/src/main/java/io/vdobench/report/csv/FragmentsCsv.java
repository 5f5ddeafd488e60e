package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;

import io.vdobench.report.model.FragmentSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code fragments.csv}: the compressed size of every sampled 4 KiB block, per codec. */
public final class FragmentsCsv {
    public static final String FILE = "fragments.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("codec", TEXT, "codec id"),
            Column.optional("data", TEXT, "data kind of the blocks, e.g. FIO60. Default: unknown"),
            Column.optional("block", INTEGER, "index of the block in the sampled corpus"),
            Column.required("fragment_bytes", INTEGER, "compressed size of the 4096-byte block in bytes; empty when"
                    + " it did not fit in 4059 bytes (dm-vdo stores such a block uncompressed)")));

    private FragmentsCsv() {
    }

    public static List<FragmentSample> read(Path file) {
        List<FragmentSample> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            long size = r.integer("fragment_bytes", FragmentSample.DOES_NOT_FIT);
            if (size != FragmentSample.DOES_NOT_FIT && (size <= 0 || size > 4096)) {
                throw r.error("fragment_bytes", r.text("fragment_bytes"), "must be 1..4096 bytes, or empty for 'did not fit'");
            }
            out.add(new FragmentSample(r.requiredText("codec"), r.text("data", "unknown"), r.integer("block", out.size()),
                    (int) size));
        }
        return out;
    }

    public static void write(Path file, List<FragmentSample> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (FragmentSample s : rows) {
            cells.add(List.of(s.codec(), s.data(), Long.toString(s.block()),
                    s.fits() ? Integer.toString(s.fragmentBytes()) : ""));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
