package io.vdobench.report.model;

/**
 * Hostile-input results for one decoder and one kind of damage ({@code hostile.csv}).
 *
 * @param consumer   codec id that was fed the input
 * @param mutation   kind of damage, e.g. {@code truncate}, {@code bitflip}, {@code random}, {@code oversize}
 * @param cases      inputs tried
 * @param rejected   rejected with a typed exception (the good outcome)
 * @param decodedOk  decoded to exactly the original bytes (harmless damage, e.g. a flipped bit in a literal
 *                   that a checksum-free format cannot see, only when the bytes still match)
 * @param wrong      returned without error but with other bytes: silent garbage. Raw LZ4 and DEFLATE
 *                   fragments carry no checksum, so some damage cannot be seen by any decoder; reported, not failed
 * @param errors     crashed, hung, wrote out of bounds, or threw something untyped: always a defect
 */
public record HostileTally(String consumer, String mutation, long cases, long rejected, long decodedOk, long wrong,
                           long errors) {
    /** No crash and no untyped error (silent garbage is shown separately: see {@link #wrong}). */
    public boolean clean() {
        return errors == 0;
    }
}
