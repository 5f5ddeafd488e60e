package io.vdobench.vdo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-stage timing of a volume ({@link Stage}), for the offload model: off unless the builder asks
 * ({@link VdoVolume.Builder#stageTiming}), then a thread-local {@link StageClock} per thread that
 * runs a stage. Cheap enough to leave on in the matrix: a thread-local lookup and a count per stage
 * call; the clocks only on as many calls as keep their cost near 1 % of the stage ({@link StageClock}).
 */
public final class StageTiming {
    private final List<StageClock> clocks = new CopyOnWriteArrayList<>();
    private final ThreadLocal<StageClock> clock = ThreadLocal.withInitial(() -> {
        StageClock c = new StageClock();
        clocks.add(c);
        return c;
    });

    StageClock clock() {
        return clock.get();
    }

    /**
     * The sums over every thread so far. Exact when no stage runs meanwhile (between JMH iterations,
     * after a flush); otherwise a call in progress on another thread may be missed.
     */
    public StageTotals snapshot() {
        int n = Stage.values().length;
        long[][] sums = new long[7][n];
        for (StageClock c : clocks) {
            for (int i = 0; i < n; i++) {
                sums[0][i] += c.calls[i];
                sums[1][i] += c.blocks[i];
                sums[2][i] += c.timedCalls[i];
                sums[3][i] += c.timedWallNanos[i];
                sums[4][i] += c.sampledCalls[i];
                sums[5][i] += c.sampledWallNanos[i];
                sums[6][i] += c.sampledCpuNanos[i];
            }
        }
        return new StageTotals(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
    }
}
