package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.DECIMAL;
import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;
import static io.vdobench.report.csv.Units.decimal;

import io.vdobench.report.model.CodecBenchRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code codec-bench.csv}: the codec bench per codec × block size × data kind. The first eight
 * columns are exactly what {@code CodecBenchMain --summary FILE} writes.
 */
public final class CodecBenchCsv {
    public static final String FILE = "codec-bench.csv";

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("codec", TEXT, "codec id, e.g. zlib:impl=jdk,level=6"),
            Column.required("block_size", INTEGER, "bytes per call"),
            Column.optional("data", TEXT, "data kind, e.g. FIO60. Default: unknown"),
            Column.optional("compress_mb_s", DECIMAL, "compress speed, MB/s (10^6 B/s) of uncompressed input"),
            Column.optional("compress_mb_s_error", DECIMAL, "its JMH 99.9 % error"),
            Column.optional("decompress_mb_s", DECIMAL, "decompress speed, MB/s of uncompressed output"),
            Column.optional("decompress_mb_s_error", DECIMAL, "its JMH 99.9 % error"),
            Column.required("ratio", DECIMAL, "uncompressed / compressed bytes (a block that does not fit counts whole)"),
            Column.optional("executed_path", TEXT, "path that ran (software, hardware, ffm, jni, java, jdk)")));

    private CodecBenchCsv() {
    }

    public static List<CodecBenchRow> read(Path file) {
        List<CodecBenchRow> out = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, SCHEMA).rows()) {
            out.add(new CodecBenchRow(r.requiredText("codec"), r.blockSize("block_size"), r.text("data", "unknown"),
                    r.decimal("compress_mb_s"), r.decimal("compress_mb_s_error"), r.decimal("decompress_mb_s"),
                    r.decimal("decompress_mb_s_error"), r.requiredDecimal("ratio"), r.text("executed_path")));
        }
        return out;
    }

    public static void write(Path file, List<CodecBenchRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (CodecBenchRow r : rows) {
            cells.add(List.of(r.codec(), Integer.toString(r.blockSize()), r.data(), decimal(r.compressMbS()),
                    decimal(r.compressMbSError()), decimal(r.decompressMbS()), decimal(r.decompressMbSError()),
                    decimal(r.ratio()), r.executedPath()));
        }
        CsvWriter.write(file, SCHEMA, List.of(), cells);
    }
}
