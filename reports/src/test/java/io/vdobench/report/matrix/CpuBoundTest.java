package io.vdobench.report.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cpu-thread bound table from matrix run directories (issue #16's evidence (b)). */
class CpuBoundTest {

    /** A run directory: 4 KiB writes at 8 jobs; the side file says the cpu threads took {@code busyNs} per data_vio. */
    private static Path run(Path dir, int cpu, double opsPerS, double busyNs) throws Exception {
        Files.createDirectories(dir.resolve("sidecars"));
        Files.writeString(dir.resolve("jmh-results.json"), "["
                + MatrixResultsTest.jmh("write", 4096, 8, "lz4", opsPerS, opsPerS, opsPerS).replace(
                        "\"regionMiB\":\"64\"", "\"regionMiB\":\"64\",\"execution\":\"threads\"") + "]");
        Files.writeString(dir.resolve("volume.properties"), "vdo.threads=ack=1,bio=4,bioRotationInterval=64,cpu=" + cpu
                + ",hash=0,logical=0,physical=0\nvdo.execution=threads\n");
        Files.writeString(dir.resolve("sidecars").resolve("PipelineBench.io-write-4096-lz4-r64-t8.json"),
                String.format(Locale.ROOT, """
                        {"version":1,"measured":{"seconds":2.1,"data_vios":1000,"mb_per_s":1.95,"cpu_thread_busy_ns_per_data_vio":%s,
                         "cpu_thread_cpu_ns_per_data_vio":%s,"threads":[]}}""", busyNs, busyNs * 0.9));
        return dir;
    }

    @Test
    void bandwidthStandsNextToOneCpuThreadsRate(@TempDir Path tmp) throws Exception {
        // 100 000 blocks/s at 10 us of cpu thread each: the bound is 409.6 MB/s, the bandwidth 409.6 MB/s.
        Path one = run(tmp.resolve("cpu1"), 1, 100_000, 10_000);
        // cpu 2: 180 000 blocks/s at 10 us each (two threads): 1.8 times one thread's rate.
        Path two = run(tmp.resolve("cpu2"), 2, 180_000, 10_000);
        List<CpuBound.Line> l1 = CpuBound.lines(one);
        assertEquals(1, l1.size());
        assertEquals(409.6, l1.get(0).boundMbPerS(), 1e-9);
        assertEquals(1.0, l1.get(0).ratio(), 1e-9);
        assertEquals("yes", l1.get(0).withinTolerance());
        CpuBound.Line l2 = CpuBound.lines(two).get(0);
        assertEquals(1.8, l2.ratio(), 1e-9);
        assertEquals("", l2.withinTolerance(), "the tolerance is checked at cpu 1 only");

        var out = new ByteArrayOutputStream();
        Path csv = tmp.resolve("cpu-bound.csv");
        assertEquals(0, CpuBound.run(new String[] {one.toString(), two.toString(), "--csv", csv.toString()},
                new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true)));
        String table = out.toString();
        assertTrue(table.contains("1.00") && table.contains("1.80") && table.contains("yes"), table);
        assertEquals(3, Files.readAllLines(csv).size(), "header and two lines");
    }

    @Test
    void aBandwidthFarFromTheBoundAtCpu1IsFlagged(@TempDir Path tmp) throws Exception {
        CpuBound.Line l = CpuBound.lines(run(tmp.resolve("r"), 1, 70_000, 10_000)).get(0);
        assertEquals("NO", l.withinTolerance(), "0.7 of the bound");
    }

    @Test
    void inlineRunsOrMissingDirectoriesAreUsageErrors(@TempDir Path tmp) throws Exception {
        var err = new ByteArrayOutputStream();
        assertEquals(2, CpuBound.run(new String[] {tmp.toString()}, new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true)));
        assertTrue(err.toString().contains("no jmh-results.json"), err.toString());
        assertEquals(2, CpuBound.run(new String[] {}, System.out, new PrintStream(err, true)));
    }
}
