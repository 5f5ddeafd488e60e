package io.vdobench.codec;

/**
 * A fragment could not be decoded into exactly the expected bytes: malformed or truncated stream,
 * a distance beyond the decoder's window, output longer or shorter than expected.
 * dm-vdo reports the same condition as {@code VDO_INVALID_FRAGMENT} (-EIO).
 */
public class CorruptFragmentException extends CodecException {
    private static final long serialVersionUID = 1L;

    public CorruptFragmentException(String message) {
        super(message);
    }

    public CorruptFragmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
