package io.vdobench.conformance;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The suite's report, {@code conformance/target/conformance.csv}. Each test class writes its own part
 * (matrix, lz4, hostile, …) under {@code target/conformance-parts/} and then rebuilds the report as
 * the concatenation of all parts in name order, so the file is complete whatever order (or subset)
 * the tests ran in.
 */
public final class ReportCsv {
    public static final String[] HEADER = {"producer", "consumer", "block_size", "data_kind", "expected", "outcome", "detail"};

    /** One report row. {@code expected} is {@code decode} or {@code fail}. */
    public record Row(String producer, String consumer, int blockSize, String dataKind, String expected,
                      String outcome, String detail) {
    }

    private ReportCsv() {
    }

    public static Path targetDir() {
        return Path.of(System.getProperty("vdobench.conformance.out", "target"));
    }

    /** Writes {@code rows} as part {@code name} and regenerates conformance.csv; returns the report path. */
    public static synchronized Path writePart(String name, List<Row> rows) throws IOException {
        Path parts = targetDir().resolve("conformance-parts");
        Files.createDirectories(parts);
        write(parts.resolve(name + ".csv"), rows);
        List<Row> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(parts)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                all.addAll(read(p));
            }
        }
        Path report = targetDir().resolve("conformance.csv");
        write(report, all);
        return report;
    }

    static void write(Path file, List<Row> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
             CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (Row r : rows) {
                p.printRecord(r.producer(), r.consumer(), r.blockSize(), r.dataKind(), r.expected(), r.outcome(), r.detail());
            }
        }
    }

    public static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(file, java.nio.charset.StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (CSVRecord r : parser) {
                rows.add(new Row(r.get("producer"), r.get("consumer"), Integer.parseInt(r.get("block_size")),
                        r.get("data_kind"), r.get("expected"), r.get("outcome"), r.get("detail")));
            }
        }
        return rows;
    }
}
