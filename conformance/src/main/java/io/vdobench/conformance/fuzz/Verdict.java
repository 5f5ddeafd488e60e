package io.vdobench.conformance.fuzz;

/** How one hostile case ended. */
public enum Verdict {
    /** The decoder threw a typed error ({@code CodecException} / {@code VdoException(INVALID_FRAGMENT)}). */
    TYPED_ERROR,
    /** The decoder succeeded and produced exactly the original bytes. */
    DECODED_SAME,
    /**
     * The decoder succeeded with exactly the claimed length, wrote nothing outside it, but the bytes
     * differ from the original: the mutation produced another valid stream (e.g. a flipped literal).
     * Not a decoder fault; undetectable without a checksum (dm-vdo fragments carry none).
     */
    DECODED_DIFFERENT,
    /**
     * A fault: an untyped exception, a write outside the destination range, success on a stream that
     * provably does not decode to the claimed length, or a bounds-violating packed-block lookup.
     */
    VIOLATION
}
