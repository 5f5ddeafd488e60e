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
 */
public record SummaryRow(String pattern, String policyA, String policyB, double avgChangePct, double medianChangePct,
                         int wins, int cases, String bestCase, double bestFrom, double bestTo, double bestChangePct) {

    public SummaryRow {
        policyA = policyA == null ? "" : policyA;
        policyB = policyB == null ? "" : policyB;
        bestCase = bestCase == null ? "" : bestCase;
        if (wins < 0 || cases < 0 || wins > cases) {
            throw new IllegalArgumentException("wins " + wins + " of " + cases + " cases");
        }
    }

    /** "13/18". */
    public String winsLabel() {
        return wins + "/" + cases;
    }
}
