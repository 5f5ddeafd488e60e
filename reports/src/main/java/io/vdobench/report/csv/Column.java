package io.vdobench.report.csv;

/**
 * One column of a documented CSV schema.
 *
 * @param name        header name, snake_case
 * @param required    a file without it is rejected with {@link MissingColumnException}
 * @param type        what the cells hold (for the documentation and the parser)
 * @param description what it means, with its unit
 */
public record Column(String name, boolean required, Type type, String description) {

    /** Cell types. Numbers use '.' as decimal separator; an empty numeric cell means "not measured". */
    public enum Type { TEXT, INTEGER, DECIMAL }

    public static Column required(String name, Type type, String description) {
        return new Column(name, true, type, description);
    }

    public static Column optional(String name, Type type, String description) {
        return new Column(name, false, type, description);
    }
}
