package io.vdobench.report.html;

import static io.vdobench.report.html.Html.num;
import static io.vdobench.report.html.Html.pct;

import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import io.vdobench.report.csv.ReportInputException;
import io.vdobench.report.csv.VerdictsCsv;
import io.vdobench.report.model.Settlement;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "What this run settles": the A/A banner, the verdict per I/O type and overall with its interval, p
 * after Holm's correction and the run's minimal detectable effect (from verdicts.csv), and the per-case
 * intervals the heat map marks (from cases.csv). Renders what the summariser wrote; computes nothing.
 */
final class SettlementSection {
    /** Class of a heat-map cell whose interval includes zero (CSS in {@link #CSS}). */
    static final String UNSETTLED = "unsettled";
    static final String CSS = """
            table.heat td.unsettled { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.55) 0 3px,
              transparent 3px 7px); font-style: italic; }
            .banner.aa { background: #fff3cd; border: 1px solid #e0b84d; padding: 6px 10px; margin: 6px 0; }
            table.verdicts td.faster { color: #2166ac; font-weight: 600; } table.verdicts td.slower { color: #b2182b;
              font-weight: 600; }
            """;

    private SettlementSection() {
    }

    /** The run's settlement, empty when it has none (or an unreadable one, reported on the page). */
    static Optional<Settlement> load(Path dir, Html h) {
        try {
            return VerdictsCsv.load(dir);
        } catch (ReportInputException e) {
            h.p("error", "cannot read " + VerdictsCsv.FILE + " or " + VerdictsCsv.CASES_FILE + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    static void render(Html h, Path dir) {
        Optional<Settlement> loaded = load(dir, h);
        if (loaded.isEmpty()) {
            return;
        }
        Settlement s = loaded.get();
        h.raw("<h3 id=\"verdicts\">Verdicts</h3>\n");
        if (s.aa()) {
            Settlement.TypeVerdict t = s.types().get(0);
            h.raw("<p class=\"banner aa\"><b>A/A run</b>: ").text(t.baseline() + " against itself (" + t.candidate()
                    + "). Both sides run the same code, so every difference here is the method's own noise, and any"
                    + " verdict other than \u201cno detectable difference\u201d is a false alarm.").raw("</p>\n");
        }
        if (s.types().isEmpty()) {
            h.noData(VerdictsCsv.FILE + " has no rows");
            return;
        }
        Settlement.TypeVerdict first = s.types().get(0);
        h.p("meta", "B = " + first.candidate() + " against A = " + first.baseline() + ". Interval: 95 %, hierarchical"
                + " bootstrap over cases, then fork pairs within a case; p corrected by " + first.correction()
                + " over the rows, verdicts at alpha " + num(first.alpha(), 2) + ". Significant wins: B faster at "
                + first.correction() + "-corrected p over the cases of the type. MDE: the smallest average change this"
                + " run would detect 80 % of the time. From verdicts.csv.");
        h.raw("<table class=\"summary verdicts\"><tr><th>I/O type</th><th>verdict</th><th>average change</th>"
                + "<th>95 % interval</th><th>p (" + first.correction() + ")</th><th>wins</th><th>significant wins</th>"
                + "<th>cannot tell below (MDE)</th><th>per-case MDE (median)</th><th>fork pairs per case</th></tr>\n");
        for (Settlement.TypeVerdict t : s.types()) {
            String cls = t.verdict().equals("B faster") ? "faster" : t.verdict().equals("B slower") ? "slower" : "";
            h.raw("<tr><td>").text(IoPattern.labelOf(t.ioType())).raw("</td><td class=\"").raw(cls).raw("\">")
                    .text(t.verdict()).raw("</td><td class=\"num\">").text(pct(t.avgChangePct()))
                    .raw("</td><td class=\"num\">").text(interval(t.ciLowPct(), t.ciHighPct()))
                    .raw("</td><td class=\"num\">").text(Double.isNaN(t.pHolm()) ? "–"
                            : String.format(Locale.ROOT, "%.3g", t.pHolm()))
                    .raw("</td><td class=\"num\">").text(t.wins() + "/" + t.cases())
                    .raw("</td><td class=\"num\">").text(t.significantWins() + "/" + t.cases())
                    .raw("</td><td class=\"num\">").text(mde(t.mdePct()))
                    .raw("</td><td class=\"num\">").text(mde(t.caseMdeMedianPct()))
                    .raw("</td><td class=\"num\">").text(Integer.toString(t.minPairs())).raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }

    /** Per-case comparisons of B = {@code b} against A = {@code a} (cases.csv), empty when the run settled no such pair. */
    static Map<MatrixCase, CaseComparison> settledCases(Path dir, String a, String b) {
        try {
            return VerdictsCsv.load(dir).filter(s -> !s.types().isEmpty()
                            && s.types().get(0).baseline().equals(a) && s.types().get(0).candidate().equals(b))
                    .map(Settlement::byCase).orElse(Map.of());
        } catch (ReportInputException e) {
            return Map.of(); // render() already says why on the page
        }
    }

    /** The heat-map cell's class and tooltip addition for a case's interval ("" when it has none). */
    static String cellClass(CaseComparison c) {
        return c != null && c.ciIncludesZero() ? UNSETTLED : "";
    }

    static String tip(CaseComparison c) {
        if (c == null || !c.hasCi()) {
            return c == null ? "" : "; one fork pair: no interval";
        }
        return "; 95 % interval " + interval(c.ciLowPct(), c.ciHighPct()) + " over " + c.pairs() + " fork pairs"
                + (c.ciIncludesZero() ? " (includes 0: not settled)" : "") + ", " + c.verdict().label();
    }

    static String interval(double low, double high) {
        return Double.isNaN(low) ? "–" : "[" + pct(low) + ", " + pct(high) + "]";
    }

    private static String mde(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v);
    }
}
