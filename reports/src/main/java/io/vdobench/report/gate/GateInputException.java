package io.vdobench.report.gate;

/** The gate's input cannot be used (missing file, not JMH JSON, unknown unit): exit code 2. */
public class GateInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GateInputException(String message) {
        super(message);
    }
}
