package io.vdobench.report.html;

import static io.vdobench.report.html.Html.num;

import io.vdobench.fio.CaseResult;
import io.vdobench.vdo.ThreadLoad;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dm-vdo threads of each case, as {@code top} would show dm-vdo's kernel threads: the
 * bottleneck ("cpuQ 98 % busy") and every thread's busy share, CPU share and queue depth over the
 * measured part, from results.csv's thread columns (reports/SCHEMA.md).
 */
final class ThreadSection {
    /** A thread this busy is the case's bottleneck in all but name: it is marked. */
    static final double SATURATED_PCT = 90;

    private ThreadSection() {
    }

    static void render(Html h, List<CaseResult> results) {
        List<CaseResult> rows = new ArrayList<>(results.stream().filter(r -> !r.threads().isEmpty()).toList());
        if (rows.isEmpty()) {
            return; // inline runs, or results without thread columns: nothing to show
        }
        rows.sort((x, y) -> {
            int c = x.matrixCase().compareTo(y.matrixCase());
            return c != 0 ? c : x.policy().compareTo(y.policy());
        });
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> r.threads().forEach(t -> names.add(t.name())));
        h.raw("<h3>dm-vdo threads per case</h3>\n");
        h.p("meta", "over the measured part of each case: busy % of the wall time (running completions, or ready to"
                + " and waiting for a core), CPU % (on a core, as top shows it), and the work queue's mean / largest"
                + " depth. The busiest thread is the case's bottleneck; " + (int) SATURATED_PCT + " % and more is marked."
                + " From results.csv.");
        h.raw("<table class=\"cases\"><tr><th>case</th><th>policy</th><th>MB/s</th><th>bottleneck</th>");
        names.forEach(n -> h.raw("<th>").text(n).raw("</th>"));
        h.raw("</tr>\n");
        for (CaseResult r : rows) {
            ThreadLoad b = r.bottleneck();
            h.raw("<tr><td>").text(r.matrixCase().label()).raw("</td><td>").text(r.policy())
                    .raw("</td><td class=\"num\">").text(num(r.mbPerS(), 1)).raw("</td><td class=\"num")
                    .raw(b.busyPercent() >= SATURATED_PCT ? " amber" : "").raw("\">").text(b.label()).raw("</td>");
            for (String n : names) {
                ThreadLoad t = r.threads().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
                if (t == null) {
                    h.raw("<td class=\"num\">–</td>");
                    continue;
                }
                h.raw("<td class=\"num").raw(t.busyPercent() >= SATURATED_PCT ? " amber" : "").raw("\">")
                        .text(num(t.busyPercent(), 0) + " % (cpu " + num(t.cpuPercent(), 0) + " %), q "
                                + num(t.meanQueueDepth(), 1) + " / " + t.maxQueueDepth())
                        .raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }
}
