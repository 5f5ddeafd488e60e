package io.vdobench.codec;

/** The backend cannot run here: library missing, hardware absent, or the codec was closed. */
public class CodecUnavailableException extends CodecException {
    private static final long serialVersionUID = 1L;

    public CodecUnavailableException(String message) {
        super(message);
    }

    public CodecUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
