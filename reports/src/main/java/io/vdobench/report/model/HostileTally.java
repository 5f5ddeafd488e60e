package io.vdobench.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hostile-input results for one decoder and one kind of damage, as the conformance suite writes them to
 * {@code hostile.csv}.
 *
 * @param decoder          codec id fed the inputs, or {@code packed-block-reader} (dm-vdo's packed-block lookup)
 * @param mutation         kind of damage, e.g. {@code BIT_FLIP}, {@code TRUNCATE}, {@code SHORT_EXPECTED}
 * @param cases            inputs tried = typedError + decodedSame + decodedDifferent + violations
 * @param typedError       rejected with a typed error: the good outcome
 * @param decodedSame      decoded to exactly the original bytes anyway (harmless damage)
 * @param decodedDifferent decoded to exactly the claimed length, nothing written outside it, other bytes: the
 *                         mutation made another valid stream. Not a decoder fault: dm-vdo fragments carry no
 *                         checksum, so no decoder can see it
 * @param violations       untyped exception, write outside the destination, success on a stream that cannot
 *                         decode to the claimed length, bounds-violating lookup: always a defect
 * @param maxCaseMicros    slowest single case, µs; -1 when not recorded
 * @param errorTypes       typed errors by type (e.g. {@code VdoException/INVALID_FRAGMENT=321}), in file order
 */
public record HostileTally(String decoder, String mutation, long cases, long typedError, long decodedSame,
                           long decodedDifferent, long violations, long maxCaseMicros, Map<String, Long> errorTypes) {
    public HostileTally {
        errorTypes = Collections.unmodifiableMap(new LinkedHashMap<>(errorTypes));
    }

    /** No violation (decoded_different is shown separately: see {@link #decodedDifferent}). */
    public boolean clean() {
        return violations == 0;
    }
}
