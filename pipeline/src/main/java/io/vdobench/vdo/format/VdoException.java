package io.vdobench.vdo.format;

/** A typed VDO error carrying the dm-vdo status it models. */
public class VdoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final VdoStatus status;

    public VdoException(VdoStatus status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    public VdoException(VdoStatus status, String message, Throwable cause) {
        super(status + ": " + message, cause);
        this.status = status;
    }

    public VdoStatus status() {
        return status;
    }
}
