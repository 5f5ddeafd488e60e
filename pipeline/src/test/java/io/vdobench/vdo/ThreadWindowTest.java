package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-thread busy share and queue depth over part of a run ({@link ThreadWindow}, {@link ThreadLoad}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadWindowTest {

    private static ThreadStatistics stats(String name, long busy, long alive, long arrivals, long depthSum, int peak) {
        return new ThreadStatistics(name, busy, alive, 0, 0, peak, 0, arrivals, depthSum, peak, busy / 2);
    }

    @Test
    void loadIsTheDifferenceOfTwoLooks() {
        List<ThreadLoad> l = ThreadLoad.between(
                List.of(stats("cpuQ", 100, 1_000, 10, 10, 9), stats("bioQ0", 0, 1_000, 0, 0, 0)),
                List.of(stats("cpuQ", 1_000, 2_000, 30, 70, 4), stats("bioQ0", 250, 2_000, 5, 5, 1)));
        assertEquals("cpuQ", l.get(0).name());
        assertEquals(90.0, l.get(0).busyPercent(), 1e-9, "900 of 1000 ns busy since the first look");
        assertEquals(45.0, l.get(0).cpuPercent(), 1e-9, "450 of them on a core");
        assertEquals(3.0, l.get(0).meanQueueDepth(), 1e-9, "60 depth over 20 arrivals");
        assertEquals(4, l.get(0).maxQueueDepth(), "the peak since the window started, not the lifetime's");
        assertEquals(25.0, l.get(1).busyPercent(), 1e-9);
        assertEquals("cpuQ", ThreadLoad.busiest(l).name());
        assertEquals("cpuQ 90 % busy", ThreadLoad.busiest(l).label());
        assertNull(ThreadLoad.busiest(List.of()));
    }

    @Test
    void aThreadStartedAfterTheFirstLookCountsFromItsStart() {
        List<ThreadLoad> l = ThreadLoad.between(List.of(), List.of(stats("ackQ", 50, 100, 2, 2, 1)));
        assertEquals(50.0, l.get(0).busyPercent(), 1e-9);
    }

    @Test
    void badLoadsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadLoad("", 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThreadLoad("cpuQ", Double.NaN, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThreadLoad("cpuQ", 1, 1, -1, 1));
    }

    @Test
    void threadsAreWatchedOverTheWindowOnly() {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(4096).execution(Execution.THREADS).build()) {
            for (int lbn = 0; lbn < 512; lbn++) {
                v.write(lbn, VolumeTestSupport.block(DataKind.TEXT, lbn), 0, 4096);
            }
            v.awaitQuiescent();
            ThreadWindow idle = v.watchThreads();
            List<ThreadLoad> none = idle.loads();
            assertEquals(v.threadConfig().threadNames(), none.stream().map(ThreadLoad::name).toList());
            for (ThreadLoad t : none) {
                assertEquals(0, t.maxQueueDepth(), t + ": nothing was queued in this window");
            }
            ThreadWindow w = v.watchThreads();
            for (int lbn = 0; lbn < 512; lbn++) {
                v.write(lbn, VolumeTestSupport.block(DataKind.TEXT, lbn + 7), 0, 4096);
            }
            v.awaitQuiescent();
            ThreadLoad cpu = w.loads().stream().filter(t -> t.name().equals("cpuQ")).findFirst().orElseThrow();
            assertTrue(cpu.busyPercent() > 0 && cpu.maxQueueDepth() >= 1 && cpu.meanQueueDepth() >= 1, cpu.toString());
            assertTrue(Double.isNaN(cpu.cpuPercent()) || cpu.cpuPercent() > 0, cpu.toString());
            assertTrue(w.elapsedNanos() > 0);
        }
    }

    @Test
    void aPausedWindowCountsNothingOfWhatHappensMeanwhile() throws Exception {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(4096).execution(Execution.THREADS).build()) {
            ThreadWindow w = v.watchThreads();
            w.pause();
            long before = w.elapsedNanos();
            for (int lbn = 0; lbn < 512; lbn++) {
                v.write(lbn, VolumeTestSupport.block(DataKind.TEXT, lbn), 0, 4096);
            }
            v.awaitQuiescent();
            Thread.sleep(20);
            assertEquals(before, w.elapsedNanos(), "paused: no wall time added");
            ThreadLoad idle = w.loads().stream().filter(t -> t.name().equals("cpuQ")).findFirst().orElseThrow();
            assertEquals(0.0, idle.busyPercent(), idle.toString());
            assertEquals(0.0, idle.meanQueueDepth(), "no arrival counted while paused");
            w.resume();
            for (int lbn = 0; lbn < 512; lbn++) {
                v.write(lbn, VolumeTestSupport.block(DataKind.TEXT, lbn + 3), 0, 4096);
            }
            v.awaitQuiescent();
            w.pause();
            ThreadLoad busy = w.loads().stream().filter(t -> t.name().equals("cpuQ")).findFirst().orElseThrow();
            assertTrue(busy.busyPercent() > 0 && busy.meanQueueDepth() >= 1, busy.toString());
            assertTrue(w.elapsedNanos() > before);
        }
    }

    @Test
    void inlineHasNoThreadsToWatch() {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(64).build()) {
            v.write(0, VolumeTestSupport.block(DataKind.TEXT, 1), 0, 4096);
            assertEquals(List.of(), v.watchThreads().loads());
        }
    }
}
