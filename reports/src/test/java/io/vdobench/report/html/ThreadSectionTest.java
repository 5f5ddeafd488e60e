package io.vdobench.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.fio.CaseResult;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import io.vdobench.vdo.ThreadLoad;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page names each case's bottleneck thread, as top would show dm-vdo's. */
class ThreadSectionTest {

    private static CaseResult row(String policy, int jobs, List<ThreadLoad> threads) {
        return new CaseResult(MatrixCase.of(IoPattern.WRITE, 4096, jobs), policy, "lz4:impl=ffm", "ffm", 180.5, 1, 44_000, 10, 20, 30, 2.3,
                50, 2, Map.of(), "jmh").withThreads(threads);
    }

    @Test
    void eachCaseShowsItsBusiestThread() {
        Html h = new Html();
        ThreadSection.render(h, List.of(
                row("lz4", 8, List.of(new ThreadLoad("reqQ", 31, 30, 2.5, 17), new ThreadLoad("cpuQ", 98.4, 97, 1200, 1921))),
                row("iaa", 1, List.of(new ThreadLoad("reqQ", 12, 11, 1, 3), new ThreadLoad("cpuQ", 40, 39, 2, 5)))));
        String html = h.toString();
        assertTrue(html.contains("<h3>dm-vdo threads per case</h3>"), html);
        assertTrue(html.contains("<td class=\"num amber\">cpuQ 98 % busy</td>"), "a saturated bottleneck is marked: " + html);
        assertTrue(html.contains("<td class=\"num\">cpuQ 40 % busy</td>"), html);
        assertTrue(html.contains("98 % (cpu 97 %), q 1\u202f200.0 / 1921"), html);
        assertTrue(html.indexOf("sequential write 4K 1 job") < html.indexOf("sequential write 4K 8 jobs"),
                "cases in matrix order");
    }

    @Test
    void inlineRunsHaveNoThreadSection() {
        Html h = new Html();
        ThreadSection.render(h, List.of(row("lz4", 1, List.of())));
        assertEquals("", h.toString());
    }
}
