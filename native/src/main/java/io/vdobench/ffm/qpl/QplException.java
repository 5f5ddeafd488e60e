package io.vdobench.ffm.qpl;

import io.vdobench.codec.CodecFailureException;

/** libqpl reported a status that is neither success, "does not fit", nor a bad input stream. */
public final class QplException extends CodecFailureException {
    private static final long serialVersionUID = 1L;

    public QplException(String what, int status) {
        super(what + ": " + QplStatus.describe(status), status);
    }

    /** The named status, or {@code null} for a code this binding does not know. */
    public QplStatus qplStatus() {
        return QplStatus.of(status());
    }
}
