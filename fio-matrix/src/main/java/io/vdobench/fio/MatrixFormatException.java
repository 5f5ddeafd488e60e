package io.vdobench.fio;

/** The matrix data file is malformed (unknown keys, duplicate ids, unknown case references, bad values). */
public class MatrixFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MatrixFormatException(String message) {
        super(message);
    }

    public MatrixFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
