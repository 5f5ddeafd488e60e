package io.vdobench.report.model;

/**
 * The verdict on one I/O type (or {@code all}) of the policy comparison, as a plain input to the report's first
 * screen: the producer decides it (e.g. from paired forks), the report only shows it.
 *
 * @param pattern fio I/O type, or {@code all}
 * @param verdict the producer's word, e.g. {@code faster}, {@code slower}, {@code no difference}, {@code inconclusive}
 * @param detail  why, in words (estimate and interval); may be empty
 */
public record IoVerdict(String pattern, String verdict, String detail) {

    /** The first screen's view of one row of {@code verdicts.csv}: the verdict, the average change, its interval, Holm's p. */
    public static IoVerdict of(Settlement.TypeVerdict t) {
        StringBuilder why = new StringBuilder(String.format(java.util.Locale.ROOT, "average change %+.2f %%",
                t.avgChangePct()));
        if (!Double.isNaN(t.ciLowPct()) && !Double.isNaN(t.ciHighPct())) {
            why.append(String.format(java.util.Locale.ROOT, ", 95 %% interval [%+.2f %%, %+.2f %%]", t.ciLowPct(),
                    t.ciHighPct()));
        }
        if (!Double.isNaN(t.pHolm())) {
            why.append(String.format(java.util.Locale.ROOT, ", Holm p = %.3g", t.pHolm()));
        }
        return new IoVerdict(t.ioType(), t.verdict(), why.toString());
    }
}
