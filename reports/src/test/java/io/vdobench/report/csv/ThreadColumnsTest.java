package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.fio.CaseResult;
import io.vdobench.vdo.ThreadLoad;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** results.csv's per-thread columns: the bottleneck and each dm-vdo thread's busy %, CPU % and queue depth. */
class ThreadColumnsTest {

    private static CaseResult row(String policy, List<ThreadLoad> threads) {
        return ResultsCsvTest.row(policy, 100, Map.of("unavailable", 0L, "not_compressible", 0L, "error", 0L))
                .withThreads(threads);
    }

    private static String csv(List<CaseResult> rows) throws Exception {
        StringWriter w = new StringWriter();
        ResultsCsv.write(w, rows);
        return w.toString();
    }

    @Test
    void threadsRoundTripWithTheBottleneckNamed() throws Exception {
        List<CaseResult> rows = List.of(
                row("lz4", List.of(new ThreadLoad("reqQ", 31.5, 30.25, 2.5, 17), new ThreadLoad("cpuQ", 98.25, 97.5, 1200.5, 1921))),
                row("iaa", List.of(new ThreadLoad("reqQ", 12, Double.NaN, 1, 3), new ThreadLoad("cpuQ0", 50, 49, 4, 9))),
                row("inline", List.of()));
        String text = csv(rows);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).endsWith(",bottleneck_thread,bottleneck_busy_pct,thread_reqQ_busy_pct,thread_reqQ_cpu_pct,"
                + "thread_reqQ_queue_mean,thread_reqQ_queue_max,thread_cpuQ_busy_pct,thread_cpuQ_cpu_pct,thread_cpuQ_queue_mean,"
                + "thread_cpuQ_queue_max,thread_cpuQ0_busy_pct,thread_cpuQ0_cpu_pct,thread_cpuQ0_queue_mean,"
                + "thread_cpuQ0_queue_max"), lines.get(0));
        assertTrue(lines.get(1).contains(",cpuQ,98.25,31.5,30.25,2.5,17,98.25,97.5,1200.5,1921,,,,"), lines.get(1));
        assertTrue(lines.get(3).contains(",jmh,,,"), "inline: no bottleneck: " + lines.get(3));
        List<CaseResult> back = ResultsCsv.read(new StringReader(text));
        assertEquals(rows, back);
        assertEquals("cpuQ 98 % busy", back.get(0).bottleneck().label());
        assertEquals("cpuQ0", back.get(1).bottleneck().name());
        assertNull(back.get(2).bottleneck());
    }

    @Test
    void aBadThreadCellNamesItsColumn() throws Exception {
        String text = csv(List.of(row("lz4", List.of(new ThreadLoad("cpuQ", 98, 97, 3, 9)))));
        var e = assertThrows(ReportInputException.class,
                () -> ResultsCsv.read(new StringReader(text.replace(",98,97,3,9", ",198,97,3,9"))));
        assertTrue(e.getMessage().contains("thread_cpuQ_busy_pct") && e.getMessage().contains("between 0 and 100"),
                e.getMessage());
        e = assertThrows(ReportInputException.class,
                () -> ResultsCsv.read(new StringReader(text.replace(",98,97,3,9", ",98,97,3,"))));
        assertTrue(e.getMessage().contains("thread_cpuQ_queue_max"), e.getMessage());
    }
}
