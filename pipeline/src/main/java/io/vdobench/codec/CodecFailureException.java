package io.vdobench.codec;

/** The library reported an error that is neither "does not fit" nor corrupt input. */
public class CodecFailureException extends CodecException {
    private static final long serialVersionUID = 1L;

    /** The library's own status code, or 0 when it has none. */
    private final int status;

    public CodecFailureException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
