package io.vdobench.report.model;

/**
 * One line of the patch-style summary ({@code summary.csv}): policy B against policy A for one I/O type.
 *
 * @param pattern         I/O type, or {@code all}
 * @param policyA         the reference policy (e.g. {@code lz4}); "" if the producer did not say
 * @param policyB         the candidate policy (e.g. {@code iaa}); "" if the producer did not say
 * @param avgChangePct    mean over the cases of 100·(B−A)/A bandwidth
 * @param medianChangePct median of the same
 * @param wins            cases where B's bandwidth beat A's
 * @param cases           cases compared
 * @param bestCase        the case with the largest gain, in words ("sequential write 64K 16 jobs")
 * @param bestFrom        A's MB/s in that case
 * @param bestTo          B's MB/s in that case
 * @param bestChangePct   the gain there, %
 * @param codecA          codec id behind policy A, e.g. {@code lz4:impl=ffm}; {@code unknown} if not recorded
 * @param pathA           the path that executed it ({@code ffm}, {@code software}, {@code hardware}, …); {@code unknown}
 * @param codecB          codec id behind policy B, e.g. {@code qpl:path=auto,huffman=fixed,level=default,verify=on}
 * @param pathB           the path that executed it
 */
public record SummaryRow(String pattern, String policyA, String policyB, double avgChangePct, double medianChangePct,
                         int wins, int cases, String bestCase, double bestFrom, double bestTo, double bestChangePct,
                         String codecA, String pathA, String codecB, String pathB) {
    /** What a missing codec or path column reads as. */
    public static final String UNKNOWN = "unknown";

    public SummaryRow {
        policyA = policyA == null ? "" : policyA;
        policyB = policyB == null ? "" : policyB;
        bestCase = bestCase == null ? "" : bestCase;
        codecA = orUnknown(codecA);
        pathA = orUnknown(pathA);
        codecB = orUnknown(codecB);
        pathB = orUnknown(pathB);
        if (wins < 0 || cases < 0 || wins > cases) {
            throw new IllegalArgumentException("wins " + wins + " of " + cases + " cases");
        }
    }

    /** A row that does not say what ran behind its policies (a summary.csv from before the codec columns). */
    public SummaryRow(String pattern, String policyA, String policyB, double avgChangePct, double medianChangePct,
                      int wins, int cases, String bestCase, double bestFrom, double bestTo, double bestChangePct) {
        this(pattern, policyA, policyB, avgChangePct, medianChangePct, wins, cases, bestCase, bestFrom, bestTo,
                bestChangePct, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    /** {@code lz4 = lz4:impl=ffm -> ffm}. */
    public String ranA() {
        return policyA + " = " + codecA + " -> " + pathA;
    }

    /** {@code iaa = qpl:path=auto,… -> software}. */
    public String ranB() {
        return policyB + " = " + codecB + " -> " + pathB;
    }

    /** "13/18". */
    public String winsLabel() {
        return wins + "/" + cases;
    }
}
