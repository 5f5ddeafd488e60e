package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StageWindowTest {

    @Test
    void hostBusyCountsUserNiceSystemIrqSoftirqStealAtUserHz() {
        // user 100, nice 2, system 30, idle 5000, iowait 7, irq 1, softirq 4, steal 3: 140 ticks = 1.4 s
        assertEquals(1_400_000_000L, StageWindow.busyNanos("cpu  100 2 30 5000 7 1 4 3 0 0"));
        assertEquals(-1, StageWindow.busyNanos("cpu0 100 2 30 5000 7 1 4 3 0 0"), "the per-CPU lines are not the sum");
    }
}
