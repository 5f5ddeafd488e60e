package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MatrixProgressTest {
    @Test
    void clockRoundsToTheSecondInMinutesAndSeconds() {
        assertEquals("0:00", MatrixProgress.clock(0.4));
        assertEquals("1:05", MatrixProgress.clock(64.6));
        assertEquals("78:49", MatrixProgress.clock(4729));
    }

    @Test
    void lineEstimatesTheRestFromTheMeanRunSoFar() {
        assertEquals("[3/12] write-4k-1j          lz4      f2      1019.4 MB/s  elapsed 0:12  ETA 0:36",
                MatrixProgress.line(3, 12, "write-4k-1j", "lz4", "f2", 1019.44, 12));
    }
}
