package io.vdobench.report.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/** Writes rows under a schema's header (plus any extra, e.g. dynamic, columns) in {@link CsvTable#FORMAT}. */
final class CsvWriter {
    private CsvWriter() {
    }

    static void write(Path file, Schema schema, List<String> extraColumns, List<List<String>> rows) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                write(w, schema, extraColumns, rows);
            }
        } catch (IOException e) {
            throw new ReportInputException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    static void write(Writer w, Schema schema, List<String> extraColumns, List<List<String>> rows) throws IOException {
        List<String> header = new ArrayList<>(List.of(schema.header()));
        header.addAll(extraColumns);
        CSVPrinter p = new CSVPrinter(w, CsvTable.FORMAT);
        p.printRecord(header);
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row has " + r.size() + " cells, header " + header.size());
            }
            p.printRecord(r);
        }
        p.flush();
    }
}
