package io.vdobench.ffm.qpl;

import io.vdobench.codec.CorruptFragmentException;

/** A fragment libqpl could not decode into exactly the expected bytes; carries QPL's own status. */
public final class QplCorruptFragmentException extends CorruptFragmentException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public QplCorruptFragmentException(String message, int status) {
        super(message + " [" + QplStatus.describe(status) + "]");
        this.status = status;
    }

    /** The raw status code ({@code QPL_STS_OK} when the stream decoded but to the wrong length). */
    public int status() {
        return status;
    }

    public QplStatus qplStatus() {
        return QplStatus.of(status);
    }
}
