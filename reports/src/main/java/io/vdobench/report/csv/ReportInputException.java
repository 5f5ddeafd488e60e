package io.vdobench.report.csv;

import java.nio.file.Path;

/**
 * A report input exists but cannot be used: unreadable, malformed, or a value of the wrong type.
 * The message names the file and, where it applies, the line and the column.
 */
public class ReportInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public ReportInputException(Path file, String message) {
        super(file == null ? message : file + ": " + message);
        this.file = file;
    }

    public ReportInputException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.file = file;
    }

    /** The offending file, or {@code null} when the input did not come from a file. */
    public Path file() {
        return file;
    }
}
