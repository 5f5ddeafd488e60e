package io.vdobench.report.csv;

import java.util.List;

/**
 * A named CSV layout: its columns in write order, and optionally a prefix for open-ended columns
 * (e.g. {@code fallback_*}) that readers collect into a map.
 */
public record Schema(String name, List<Column> columns, String dynamicPrefix) {

    public Schema {
        columns = List.copyOf(columns);
        dynamicPrefix = dynamicPrefix == null ? "" : dynamicPrefix;
    }

    public Schema(String name, List<Column> columns) {
        this(name, columns, "");
    }

    public String[] header() {
        return columns.stream().map(Column::name).toArray(String[]::new);
    }
}
