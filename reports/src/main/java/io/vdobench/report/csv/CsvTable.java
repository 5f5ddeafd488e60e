package io.vdobench.report.csv;

import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file read against a {@link Schema}: the header is checked once (every required column
 * present, else {@link MissingColumnException}), then cells are read by column with typed getters
 * whose errors name the file, the line and the column. Unknown extra columns are ignored, so newer
 * files stay readable by older readers.
 */
public final class CsvTable {
    /** How every vdobench CSV is written and read: RFC 4180, header line, '#' comments skipped. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setRecordSeparator('\n')
            .setCommentMarker('#')
            .setIgnoreSurroundingSpaces(true)
            .get();

    private final Path file;
    private final Schema schema;
    private final Set<String> header;
    private final List<Row> rows;

    private CsvTable(Path file, Schema schema, Set<String> header, List<Row> rows) {
        this.file = file;
        this.schema = schema;
        this.header = header;
        this.rows = rows;
    }

    public static CsvTable read(Path file, Schema schema) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file, schema);
        } catch (IOException e) {
            throw new ReportInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads from any reader; {@code file} only names the source in messages (may be null). */
    public static CsvTable read(Reader in, Path file, Schema schema) {
        try (CSVParser p = CSVParser.builder().setReader(in)
                .setFormat(FORMAT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            Map<String, Integer> index = p.getHeaderMap();
            if (index == null || index.isEmpty()) {
                throw new ReportInputException(file, "empty file: expected a header line with the columns of " + schema.name());
            }
            for (Column c : schema.columns()) {
                if (c.required() && !index.containsKey(c.name())) {
                    throw new MissingColumnException(file, schema.name(), c.name());
                }
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord rec : p) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue; // a blank line
                }
                rows.add(new Row(file, schema, index, rec));
            }
            return new CsvTable(file, schema, index.keySet(), List.copyOf(rows));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ReportInputException(file, "not valid CSV: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Commons CSV reports duplicate or blank header names this way.
            throw new ReportInputException(file, "bad CSV header: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Schema schema() {
        return schema;
    }

    public Set<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    public boolean has(String column) {
        return header.contains(column);
    }

    /** One data line. */
    public static final class Row {
        private final Path file;
        private final Schema schema;
        private final Map<String, Integer> index;
        private final CSVRecord rec;

        Row(Path file, Schema schema, Map<String, Integer> index, CSVRecord rec) {
            this.file = file;
            this.schema = schema;
            this.index = index;
            this.rec = rec;
        }

        /** The raw cell, or {@code ""} when the column is absent (optional) or the line is short. */
        public String text(String column) {
            Integer i = index.get(column);
            if (i == null || i >= rec.size()) {
                return "";
            }
            return rec.get(i).trim();
        }

        public String text(String column, String dflt) {
            String s = text(column);
            return s.isEmpty() ? dflt : s;
        }

        /** A required text cell: empty is an error. */
        public String requiredText(String column) {
            String s = text(column);
            if (s.isEmpty()) {
                throw error(column, s, "must not be empty");
            }
            return s;
        }

        /** A decimal; empty or "NaN" means not measured ({@link Double#NaN}). */
        public double decimal(String column) {
            String s = text(column);
            if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw error(column, s, "is not a number");
            }
            if (Double.isInfinite(d)) {
                throw error(column, s, "is not a finite number");
            }
            return d;
        }

        /** A required decimal: empty is an error. */
        public double requiredDecimal(String column) {
            double d = decimal(column);
            if (Double.isNaN(d)) {
                throw error(column, text(column), "must be a number");
            }
            return d;
        }

        public long integer(String column, long dflt) {
            String s = text(column);
            if (s.isEmpty()) {
                return dflt;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw error(column, s, "is not an integer");
            }
        }

        public long requiredInteger(String column) {
            String s = text(column);
            if (s.isEmpty()) {
                throw error(column, s, "must not be empty");
            }
            return integer(column, 0);
        }

        /** Block sizes: bytes ({@code 4096}) or fio's spelling ({@code 4K}, {@code 4k}, {@code 4KiB}, {@code 1M}). */
        public int blockSize(String column) {
            String s = text(column);
            if (s.isEmpty()) {
                throw error(column, s, "must not be empty");
            }
            long bytes;
            try {
                bytes = MatrixCase.parseSize(s);
            } catch (IllegalArgumentException e) {
                throw error(column, s, "is not a block size (bytes, or e.g. 4K)");
            }
            if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                throw error(column, s, "is not a positive block size");
            }
            return (int) bytes;
        }

        /**
         * The matrix case of a row from its I/O type, block size and jobs columns. An I/O type other than the
         * matrix's four, a block size that is no multiple of 512 or jobs below 1 is an error naming the cell.
         */
        public MatrixCase matrixCase(String patternColumn, String blockSizeColumn, String jobsColumn) {
            String p = requiredText(patternColumn);
            IoPattern pattern;
            try {
                pattern = IoPattern.ofFio(p);
            } catch (IllegalArgumentException e) {
                throw error(patternColumn, p, "is not an I/O type of the matrix (write, read, randwrite, randread)");
            }
            int bs = blockSize(blockSizeColumn);
            long jobs = requiredInteger(jobsColumn);
            if (jobs <= 0 || jobs > Integer.MAX_VALUE) {
                throw error(jobsColumn, text(jobsColumn), "must be positive");
            }
            try {
                return MatrixCase.of(pattern, bs, (int) jobs);
            } catch (IllegalArgumentException e) {
                throw error(blockSizeColumn, text(blockSizeColumn), e.getMessage());
            }
        }

        /** Every column whose name starts with the schema's dynamic prefix, prefix stripped, non-empty cells only. */
        public Map<String, String> dynamic() {
            return schema.dynamicPrefix().isEmpty() ? new LinkedHashMap<>() : withPrefix(schema.dynamicPrefix());
        }

        /** Every column whose name starts with {@code prefix}, prefix stripped, in header order, non-empty cells only. */
        public Map<String, String> withPrefix(String prefix) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String h : index.keySet()) {
                if (h.startsWith(prefix) && h.length() > prefix.length()) {
                    String v = text(h);
                    if (!v.isEmpty()) {
                        out.put(h.substring(prefix.length()), v);
                    }
                }
            }
            return out;
        }

        public long line() {
            return rec.getRecordNumber() + 1; // +1: the header is line 1
        }

        public ReportInputException error(String column, String value, String problem) {
            return new ReportInputException(file, "line " + line() + ", column '" + column + "': '" + value + "' " + problem);
        }
    }
}
