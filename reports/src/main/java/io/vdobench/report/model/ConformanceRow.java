package io.vdobench.report.model;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the conformance suite's {@code conformance.csv}, in the suite's own vocabulary (the suite
 * is the producer and owns the spelling; see reports/SCHEMA.md). The file mixes four kinds of rows,
 * told apart by {@link #section()}: the DEFLATE cross-decompression matrix, the LZ4 cross-library rows,
 * the per-producer {@code max-distance} measurements and the hostile-input summaries.
 *
 * @param producer  codec id that compressed, or {@code hostile} for a hostile-input summary
 * @param consumer  consumer that decompressed (a matrix name such as {@code qpl-software-decompress}, a
 *                  codec id, {@code max-distance} or, for hostile rows, the decoder)
 * @param blockSize bytes of the original block
 * @param dataKind  corpus data kind (hostile rows: the mutation)
 * @param expected  {@code decode}, {@code fail}, {@code unknown} or {@code fail-or-exact-length}
 * @param outcome   {@code decoded}, {@code failed:<Type>[/<QPL status>]}, {@code wrong-data},
 *                  {@code skipped:<reason>}, {@code within-4k}/{@code exceeds-4k} or {@code ok}/{@code violations:<n>}
 * @param detail    free text: fragment length, max distance, the rule, the exception message
 */
public record ConformanceRow(String producer, String consumer, int blockSize, String dataKind, String expected,
                             String outcome, String detail) {
    public static final Set<String> EXPECTED = Set.of("decode", "fail", "unknown", "fail-or-exact-length");
    /** Skip reasons that only say "this side is not available on this host"; any other skip is a defect. */
    public static final Set<String> HOST_SKIPS = Set.of("unavailable", "producer-unavailable");
    public static final String MAX_DISTANCE = "max-distance";
    public static final String HOSTILE = "hostile";

    private static final Pattern FAILED = Pattern.compile("failed:([A-Za-z0-9_$.]+)(?:/([A-Za-z0-9_]+))?");
    private static final Pattern SKIPPED = Pattern.compile("skipped:([a-z0-9-]+)");
    private static final Pattern VIOLATIONS = Pattern.compile("violations:(\\d+)");

    /** Which part of the suite wrote the row. */
    public enum Section { DEFLATE_MATRIX, LZ4_CROSS_LIBRARY, MAX_DISTANCE, HOSTILE }

    /** How the report colours the row. */
    public enum Verdict {
        /** Green: the outcome is what {@code expected} says. */
        AS_EXPECTED,
        /** Red: decoded when a failure was expected, failed when a decode was, other bytes, a violation, a defect skip. */
        NOT_AS_EXPECTED,
        /** Grey: a side is unavailable on this host. */
        SKIPPED,
        /** A measurement with no expectation ({@code expected = unknown}), e.g. a 32 KiB-window producer's max distance. */
        INFO
    }

    public ConformanceRow {
        detail = detail == null ? "" : detail;
    }

    /**
     * Why {@code outcome}/{@code expected} are not in the suite's vocabulary, or {@code null} when they are.
     * Kept strict so that a new spelling on the suite side shows up as a readable error, not as a silent grey cell.
     */
    public String vocabularyProblem() {
        if (!EXPECTED.contains(expected)) {
            return "expected '" + expected + "' must be one of " + EXPECTED;
        }
        if (SKIPPED.matcher(outcome).matches()) {
            return null;
        }
        boolean ok = switch (section()) {
            case HOSTILE -> outcome.equals("ok") || VIOLATIONS.matcher(outcome).matches();
            case MAX_DISTANCE -> outcome.equals("within-4k") || outcome.equals("exceeds-4k");
            default -> outcome.equals("decoded") || outcome.equals("wrong-data") || FAILED.matcher(outcome).matches();
        };
        return ok ? null : "outcome '" + outcome + "' is not one the suite writes for " + section() + " rows (decoded,"
                + " failed:<Type>[/<status>], wrong-data, skipped:<reason>, within-4k, exceeds-4k, ok, violations:<n>)";
    }

    public Section section() {
        if (producer.equals(HOSTILE)) {
            return Section.HOSTILE;
        }
        if (consumer.equals(MAX_DISTANCE)) {
            return Section.MAX_DISTANCE;
        }
        return producer.startsWith("lz4") ? Section.LZ4_CROSS_LIBRARY : Section.DEFLATE_MATRIX;
    }

    public boolean skipped() {
        return outcome.startsWith("skipped:");
    }

    /** The reason after {@code skipped:}, or "" when the row ran. */
    public String skipReason() {
        return skipped() ? outcome.substring("skipped:".length()) : "";
    }

    public boolean decoded() {
        return outcome.equals("decoded");
    }

    public boolean failed() {
        return outcome.startsWith("failed:");
    }

    /** Exception type of a {@code failed:} outcome, e.g. {@code QplCorruptFragmentException}; "" otherwise. */
    public String failureType() {
        Matcher m = FAILED.matcher(outcome);
        return m.matches() ? m.group(1) : "";
    }

    /** QPL status of a {@code failed:} outcome, e.g. {@code QPL_STS_BAD_DIST_ERR}; "" when none. */
    public String qplStatus() {
        Matcher m = FAILED.matcher(outcome);
        return m.matches() && m.group(2) != null ? m.group(2) : "";
    }

    /** Violations of a hostile row ({@code violations:<n>}); 0 for {@code ok}. */
    public long violations() {
        Matcher m = VIOLATIONS.matcher(outcome);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    public Verdict verdict() {
        if (skipped()) {
            // the suite also writes skipped:does-not-fit / skipped:invalid-stream, which it counts as violations
            return HOST_SKIPS.contains(skipReason()) ? Verdict.SKIPPED : Verdict.NOT_AS_EXPECTED;
        }
        if (expected.equals("unknown")) {
            return Verdict.INFO;
        }
        boolean good = switch (section()) {
            case HOSTILE -> violations() == 0;
            case MAX_DISTANCE -> outcome.equals("within-4k"); // expected decode: an IAA reader must be able to read it
            default -> expected.equals("decode") ? decoded() : failed();
        };
        return good ? Verdict.AS_EXPECTED : Verdict.NOT_AS_EXPECTED;
    }

    public boolean asExpected() {
        return verdict() == Verdict.AS_EXPECTED;
    }
}
