package io.vdobench.report.model;

/**
 * One directional interoperability check ({@code conformance.csv}): what {@code producer} compressed,
 * can {@code consumer} decompress?
 *
 * @param producer  codec id that compressed
 * @param consumer  codec id that decompressed
 * @param blockSize bytes of the original block
 * @param dataKind  data kind compressed
 * @param expected  what should happen: {@code decode} (exact bytes back) or {@code fail} (a clean, typed
 *                  rejection, e.g. IAA refusing a 32 KiB-window stream)
 * @param outcome   what happened: {@code decode}, {@code fail}, {@code wrong} (decoded to other bytes),
 *                  {@code error} (crash or untyped error) or {@code skip} (a side unavailable here)
 * @param detail    free text: exception, reason for a skip
 */
public record ConformanceRow(String producer, String consumer, int blockSize, String dataKind, String expected,
                             String outcome, String detail) {
    public ConformanceRow {
        detail = detail == null ? "" : detail;
    }

    public boolean skipped() {
        return outcome.equals("skip");
    }

    /** Ran and did what was expected. */
    public boolean asExpected() {
        return !skipped() && outcome.equals(expected);
    }
}
