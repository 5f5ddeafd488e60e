package io.vdobench.fio;

/** fio output that is not (or does not contain) the JSON document fio writes. */
public class FioJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FioJsonException(String message) {
        super(message);
    }

    public FioJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
