package io.vdobench.codec;

/** Base of every typed codec error. Unchecked so the per-block path stays lean. */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
