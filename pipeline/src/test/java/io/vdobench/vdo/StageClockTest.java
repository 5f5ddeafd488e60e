package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StageClockTest {
    @Test
    void intervalSpreadsAClocksCostToAboutOnePercentOfTheStage() {
        // a 40 ns clock pair on 1 µs calls: 4 % of a call, so one call in 4
        assertEquals(4, StageClock.interval(40, 1_000, 64));
        // a 2 µs CPU clock pair on 1 µs calls: one in 256 (200 rounded up to a power of two)
        assertEquals(256, StageClock.interval(2_000, 1_000, 4096));
        // long calls are all timed; short ones no more rarely than the cap
        assertEquals(1, StageClock.interval(2_000, 600_000, 4096));
        assertEquals(64, StageClock.interval(40, 1, 64));
        assertEquals(64, StageClock.interval(40, 0, 64));
    }

    @Test
    void manyShortCallsAreCountedAllButTimedOnlyNowAndThen() {
        StageClock c = new StageClock();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            c.end(Stage.HASH, c.begin(Stage.HASH), 1);
        }
        int h = Stage.HASH.ordinal();
        assertEquals(n, c.calls[h]);
        assertEquals(n, c.blocks[h]);
        // empty calls cost about one clock pair, far above the budget: after the first calls, one in 64 is timed
        assertTrue(c.timedCalls[h] < n / 16, "timed " + c.timedCalls[h] + " of " + n);
        assertTrue(c.timedCalls[h] >= n / StageClock.MAX_WALL_EVERY, "timed " + c.timedCalls[h] + " of " + n);
        assertTrue(c.sampledCalls[h] >= 1 && c.sampledCalls[h] <= c.timedCalls[h]);
        assertEquals(0, c.calls[Stage.COMPRESS.ordinal()]);
    }
}
