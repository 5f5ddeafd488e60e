package io.vdobench.report.csv;

import java.nio.file.Path;

/**
 * A CSV lacks a column that its schema requires, typically because it was written by an older (or
 * a foreign) producer. Optional columns never raise this: they take their documented default.
 */
public final class MissingColumnException extends ReportInputException {
    private static final long serialVersionUID = 1L;
    private final String column;
    private final String schema;

    public MissingColumnException(Path file, String schema, String column) {
        super(file, "required column '" + column + "' of " + schema + " is missing (see reports/SCHEMA.md)");
        this.column = column;
        this.schema = schema;
    }

    /** The name of the missing column, exactly as the schema spells it. */
    public String column() {
        return column;
    }

    /** The schema's name, e.g. {@code results.csv}. */
    public String schema() {
        return schema;
    }
}
