package io.vdobench.nbd;

import java.io.IOException;

/** Thrown by an {@link NbdBackend} that has run out of space; the server replies NBD_ENOSPC. */
public class NbdNoSpaceException extends IOException {
    private static final long serialVersionUID = 1L;

    public NbdNoSpaceException(String message) {
        super(message);
    }
}
