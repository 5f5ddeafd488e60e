package io.vdobench.report.offload;

/** Input the offload model cannot use (a parameter set, a stage file, a run directory): says which and why. */
public final class OffloadModelException extends RuntimeException {
    public OffloadModelException(String message) {
        super(message);
    }
}
