package io.vdobench.codec;

/**
 * Where a codec's work actually executes. Reported with every result so a software path is never
 * mistaken for hardware.
 */
public enum ExecutionPath {
    /** An accelerator (Intel IAA through libqpl's hardware path). */
    HARDWARE("hardware"),
    /** libqpl's software (CPU) path. */
    SOFTWARE("software"),
    /** A C library reached over Panama FFM (ISA-L, libdeflate, system zlib, liblz4). */
    FFM("ffm"),
    /** A C library reached over a third party's JNI glue (lz4-java). */
    JNI("jni"),
    /** Pure Java code (lz4-java's safe Java implementation). */
    JAVA("java"),
    /** The JDK's built-in zlib ({@code java.util.zip}). */
    JDK("jdk"),
    /** Nothing runs: the backend is unavailable. */
    NONE("none");

    private final String label;

    ExecutionPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
