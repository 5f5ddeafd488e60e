package io.vdobench.fio;

import java.util.Locale;

/** The line each matrix engine (JMH and fio) prints after a run: its place, case, policy, bandwidth, elapsed time and ETA. */
public final class MatrixProgress {
    private MatrixProgress() {
    }

    /**
     * {@code [done/total] case policy tag MB/s elapsed m:ss ETA m:ss}; the ETA assumes the remaining runs take
     * as long as the finished ones did on average. {@code tag} names the fork or repeat ("" when there is one).
     */
    public static String line(int done, int total, String caseId, String policy, String tag, double mbPerS,
            double elapsedSeconds) {
        return String.format(Locale.ROOT, "[%d/%d] %-20s %-8s %-4s %9.1f MB/s  elapsed %s  ETA %s", done, total,
                caseId, policy, tag, mbPerS, clock(elapsedSeconds), clock(elapsedSeconds / done * (total - done)));
    }

    /** {@code m:ss}, rounded to the second. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
