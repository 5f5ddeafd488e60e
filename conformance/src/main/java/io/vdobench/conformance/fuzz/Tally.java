package io.vdobench.conformance.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of verdicts for one (decoder, mutation) pair, plus the first few violations verbatim. */
public final class Tally {
    private final EnumMap<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    private final Map<String, Long> errorTypes = new TreeMap<>();
    private final List<String> firstViolations = new ArrayList<>();
    private long cases;
    private long maxCaseNanos;

    public synchronized void add(Verdict v, String errorType, long nanos, String violation) {
        cases++;
        verdicts.merge(v, 1L, Long::sum);
        if (errorType != null) {
            errorTypes.merge(errorType, 1L, Long::sum);
        }
        maxCaseNanos = Math.max(maxCaseNanos, nanos);
        if (v == Verdict.VIOLATION && firstViolations.size() < 5) {
            firstViolations.add(violation);
        }
    }

    public synchronized long cases() {
        return cases;
    }

    public synchronized long count(Verdict v) {
        return verdicts.getOrDefault(v, 0L);
    }

    public synchronized List<String> firstViolations() {
        return List.copyOf(firstViolations);
    }

    public synchronized long maxCaseMicros() {
        return maxCaseNanos / 1000;
    }

    /** e.g. {@code cases=8000 typed_error=7900 decoded_same=60 decoded_different=40 violations=0 max_case_us=812 errors={...}}. */
    public synchronized String describe() {
        return "cases=" + cases + " typed_error=" + count(Verdict.TYPED_ERROR) + " decoded_same=" + count(Verdict.DECODED_SAME)
                + " decoded_different=" + count(Verdict.DECODED_DIFFERENT) + " violations=" + count(Verdict.VIOLATION)
                + " max_case_us=" + maxCaseMicros() + " errors=" + errorTypes;
    }
}
