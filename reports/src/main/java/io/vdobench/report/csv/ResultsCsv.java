package io.vdobench.report.csv;

import static io.vdobench.report.csv.Column.Type.DECIMAL;
import static io.vdobench.report.csv.Column.Type.INTEGER;
import static io.vdobench.report.csv.Column.Type.TEXT;
import static io.vdobench.report.csv.Units.decimal;

import io.vdobench.fio.CaseResult;
import io.vdobench.fio.MatrixCase;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code results.csv}: one row per matrix case × policy. Layout in reports/SCHEMA.md. */
public final class ResultsCsv {
    public static final String FILE = "results.csv";
    public static final String FALLBACK_PREFIX = "fallback_";
    /** Fallback reasons always written (0 when none happened), so spreadsheets see stable columns. */
    public static final List<String> KNOWN_FALLBACKS = List.of("unavailable", "not_compressible", "error");

    public static final Schema SCHEMA = new Schema(FILE, List.of(
            Column.required("pattern", TEXT, "fio I/O type: write, read, randwrite, randread"),
            Column.required("block_size", INTEGER, "bytes per I/O (fio spellings such as 4K are accepted on input)"),
            Column.required("jobs", INTEGER, "concurrent submitters (fio numjobs, JMH threads)"),
            Column.required("policy", TEXT, "compression policy compared, e.g. lz4, iaa"),
            Column.optional("codec", TEXT, "codec id the policy used, e.g. qpl:path=software,huffman=fixed"),
            Column.optional("executed_path", TEXT, "path that actually ran: hardware, software, ffm, jni, java, jdk;"
                    + " 'hardware' only when an accelerator did the work. Default: unknown"),
            Column.required("mb_per_s", DECIMAL, "bandwidth in MB/s, decimal megabytes (10^6 bytes) per second"),
            Column.optional("mb_per_s_error", DECIMAL, "half-width of the interval around mb_per_s (JMH: 99.9 %)"),
            Column.optional("ops_per_s", DECIMAL, "I/Os per second"),
            Column.optional("p50_us", DECIMAL, "median completion latency, microseconds"),
            Column.optional("p99_us", DECIMAL, "99th percentile completion latency, microseconds"),
            Column.optional("p999_us", DECIMAL, "99.9th percentile completion latency, microseconds"),
            Column.optional("compression_ratio", DECIMAL, "logical bytes / compressed bytes of the data written"),
            Column.optional("space_saving_pct", DECIMAL, "100 x (1 - physical blocks used / logical blocks written)"),
            Column.optional("fragments_per_packed_block", DECIMAL, "mean fragments in each packed 4 KiB block (2..14)"),
            Column.optional("fallback_unavailable", INTEGER, "blocks the policy sent elsewhere because its codec was unavailable"),
            Column.optional("fallback_not_compressible", INTEGER, "blocks its codec could not fit in 4059 bytes"),
            Column.optional("fallback_error", INTEGER, "blocks where its codec reported an error"),
            Column.optional("source", TEXT, "engine that produced the row: jmh or fio. Default: unknown"),
            Column.optional(ThreadColumns.BOTTLENECK_THREAD, TEXT, "busiest dm-vdo thread over the measured part,"
                    + " e.g. cpuQ; empty inline"),
            Column.optional(ThreadColumns.BOTTLENECK_BUSY, DECIMAL, "its busy time, % of the wall time")),
            FALLBACK_PREFIX);

    private ResultsCsv() {
    }

    public static List<CaseResult> read(Path file) {
        return fromTable(CsvTable.read(file, SCHEMA));
    }

    public static List<CaseResult> read(Reader in) {
        return fromTable(CsvTable.read(in, null, SCHEMA));
    }

    private static List<CaseResult> fromTable(CsvTable t) {
        List<CaseResult> out = new ArrayList<>();
        for (CsvTable.Row r : t.rows()) {
            Map<String, Long> fallbacks = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : r.dynamic().entrySet()) {
                fallbacks.put(e.getKey(), r.integer(FALLBACK_PREFIX + e.getKey(), 0));
            }
            MatrixCase c = r.matrixCase("pattern", "block_size", "jobs");
            if (r.requiredDecimal("mb_per_s") < 0) {
                throw r.error("mb_per_s", r.text("mb_per_s"), "must not be negative");
            }
            out.add(new CaseResult(c, r.requiredText("policy"), r.text("codec"), r.text("executed_path", "unknown"),
                    r.requiredDecimal("mb_per_s"), r.decimal("mb_per_s_error"), r.decimal("ops_per_s"),
                    r.decimal("p50_us"), r.decimal("p99_us"), r.decimal("p999_us"),
                    r.decimal("compression_ratio"), r.decimal("space_saving_pct"),
                    r.decimal("fragments_per_packed_block"), fallbacks, r.text("source", "unknown"))
                    .withThreads(ThreadColumns.read(r)));
        }
        return out;
    }

    public static void write(Path file, List<CaseResult> rows) {
        CsvWriter.write(file, SCHEMA, extraColumns(rows), cells(rows));
    }

    public static void write(Writer w, List<CaseResult> rows) throws IOException {
        CsvWriter.write(w, SCHEMA, extraColumns(rows), cells(rows));
    }

    private static List<String> extraColumns(List<CaseResult> rows) {
        List<String> all = new ArrayList<>(extraFallbacks(rows));
        all.addAll(ThreadColumns.header(rows));
        return all;
    }

    /** Fallback reasons beyond the known three, as extra columns, sorted. */
    private static List<String> extraFallbacks(List<CaseResult> rows) {
        TreeSet<String> extra = new TreeSet<>();
        rows.forEach(r -> extra.addAll(r.fallbacks().keySet()));
        extra.removeAll(KNOWN_FALLBACKS);
        return extra.stream().map(k -> FALLBACK_PREFIX + k).toList();
    }

    private static List<List<String>> cells(List<CaseResult> rows) {
        List<String> extra = extraFallbacks(rows);
        List<String> threadNames = ThreadColumns.names(rows);
        List<List<String>> out = new ArrayList<>();
        for (CaseResult c : rows) {
            MatrixCase m = c.matrixCase();
            List<String> l = new ArrayList<>(List.of(m.pattern().fioName(), Integer.toString(m.blockSize()),
                    Integer.toString(m.numjobs()), c.policy(), c.codec(), c.executedPath(), decimal(c.mbPerS()),
                    decimal(c.mbPerSError()), decimal(c.opsPerS()), decimal(c.p50Us()), decimal(c.p99Us()),
                    decimal(c.p999Us()), decimal(c.compressionRatio()), decimal(c.spaceSavingPct()),
                    decimal(c.fragmentsPerPackedBlock())));
            for (String k : KNOWN_FALLBACKS) {
                l.add(Long.toString(c.fallbacks().getOrDefault(k, 0L)));
            }
            l.add(c.source());
            l.addAll(ThreadColumns.bottleneck(c));
            for (String k : extra) {
                Long v = c.fallbacks().get(k.substring(FALLBACK_PREFIX.length()));
                l.add(v == null ? "0" : Long.toString(v));
            }
            l.addAll(ThreadColumns.cells(c, threadNames));
            out.add(l);
        }
        return out;
    }
}
