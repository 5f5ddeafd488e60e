package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vdobench.vdo.ThreadLoad;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseResultTest {
    private static final MatrixCase W64 = MatrixCase.of(IoPattern.WRITE, 65536, 8);

    /** A row with every column set, as matrix-fio records a repeat of a case. */
    private static CaseResult full() {
        return new CaseResult(W64, "lz4", "lz4:impl=ffm", "ffm", 200, 1.5, 3051.7578125, 10, 20, 30, 2.1, 52.4, 3.2,
                Map.of("not_compressible", 4L), "fio",
                List.of(new ThreadLoad("cpuQ0", 81.5, 79.0, 2.25, 6), new ThreadLoad("reqQ", 60, 58.5, 1.5, 3)),
                new double[] {190e6, 210e6});
    }

    @Test
    void aNewBandwidthKeepsEveryOtherColumnAndScalesTheIops() {
        CaseResult r = full();
        CaseResult mean = r.withBandwidth(250e6);
        assertEquals(250, mean.mbPerS(), 1e-9);
        assertEquals(r.opsPerS() * 1.25, mean.opsPerS(), 1e-9, "the same bytes per I/O at the new bandwidth");
        // matrix-fio's results.csv once lost the per-thread loads here (the thread_* columns came out empty).
        assertEquals(r.threads(), mean.threads());
        assertArrayEquals(r.samples(), mean.samples());
        assertEquals(new CaseResult(W64, "lz4", "lz4:impl=ffm", "ffm", 250, 1.5, mean.opsPerS(), 10, 20, 30, 2.1, 52.4,
                3.2, Map.of("not_compressible", 4L), "fio", r.threads(), r.samples()), mean);
    }

    @Test
    void eachWithChangesOnlyItsOwnColumn() {
        CaseResult r = full();
        List<ThreadLoad> one = List.of(new ThreadLoad("bioQ", 12, 11, 1, 1));
        assertEquals(new CaseResult(W64, "lz4#2", "lz4:impl=ffm", "ffm", 200, 1.5, r.opsPerS(), 10, 20, 30, 2.1, 52.4,
                3.2, Map.of("not_compressible", 4L), "fio", r.threads(), r.samples()), r.withPolicy("lz4#2"));
        assertEquals(new CaseResult(W64, "lz4", "lz4:impl=ffm", "ffm", 200, 1.5, r.opsPerS(), 10, 20, 30, 2.1, 52.4,
                3.2, Map.of("not_compressible", 4L), "fio", one, r.samples()), r.withThreads(one));
        assertEquals(new CaseResult(W64, "lz4", "lz4:impl=ffm", "ffm", 200, 1.5, r.opsPerS(), 10, 20, 30, 2.1, 52.4,
                3.2, Map.of("not_compressible", 4L), "fio", r.threads(), new double[] {1e6}), r.withSamples(1e6));
        CaseResult idle = new CaseResult(W64, "lz4", "", "", 0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Map.of(), "fio");
        assertEquals(0, idle.withBandwidth(5e6).opsPerS(), "no bandwidth to scale from: IOPS kept");
    }
}
