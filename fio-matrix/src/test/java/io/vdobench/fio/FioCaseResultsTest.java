package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FioCaseResultsTest {
    @Test
    void groupsWithoutACaseNameAreIdentifiedByTheirOptions() throws Exception {
        FioResult r = FioJsonParser.parse(FioJsonParserTest.resource("fio-3.33-numjobs2-with-notes.txt"));
        // The built-in matrix has no 2-job case: a clear error, not a silent mismatch.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FioCaseResults.measurements(r, Matrix.load()));
        assertTrue(e.getMessage().contains("numjobs=2") && e.getMessage().contains("not a case"), e.getMessage());

        MatrixCase c = new MatrixCase("seq-4k-two", IoPattern.WRITE, 4096, 2);
        Matrix m = new Matrix("", Map.of(), List.of(c),
                Map.of("p", new MatrixProfile("p", "", 0, 1, List.of(c.id()))));
        List<FioCaseResults.Measurement> ms = FioCaseResults.measurements(r, m);
        assertEquals(1, ms.size());
        assertEquals(c, ms.get(0).matrixCase());
        assertEquals(524_288_000, ms.get(0).stats().bwBytes()); // 2 jobs x 256 KiB in 1 ms

        // The same run twice becomes two samples of one case.
        List<CaseResult> cr = FioCaseResults.fromFio(List.of(r, r), "lz4", m);
        assertEquals(1, cr.size());
        assertArrayEquals(new double[] {524_288_000, 524_288_000}, cr.get(0).samples());
    }

    @Test
    void emptyRunIsRejected() {
        MatrixCase c = MatrixCase.of(IoPattern.READ, 4096, 1);
        FioResult r = new FioResult("fio-3.33", 0, 0, "", Map.of(),
                List.of(new FioJob(c.id(), 0, 0, Map.of(), IoStats.EMPTY, IoStats.EMPTY, IoStats.EMPTY)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FioCaseResults.fromFio(List.of(r), "iaa", Matrix.load()));
        assertTrue(e.getMessage().contains("moved no data"), e.getMessage());
    }

    @Test
    void failedJobIsRejected() {
        MatrixCase c = MatrixCase.of(IoPattern.WRITE, 4096, 1);
        IoStats some = IoStats.of(4096, 1, 1, LatencyStats.EMPTY, LatencyStats.EMPTY);
        FioResult r = new FioResult("fio-3.33", 0, 0, "", Map.of(),
                List.of(new FioJob(c.id(), 0, 5, Map.of(), IoStats.EMPTY, some, IoStats.EMPTY)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FioCaseResults.fromFio(List.of(r), "iaa", Matrix.load()));
        assertTrue(e.getMessage().contains("reported error 5"), e.getMessage());
    }
}
