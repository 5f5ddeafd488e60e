package io.vdobench.report.gate;

/** The gate's word on one benchmark. */
public enum Verdict {
    /** No significant change beyond the effect floor. */
    PASS,
    /** Significantly better, beyond the effect floor. */
    IMPROVED,
    /** Significantly worse, beyond the effect floor (and confirmed by a rerun when one was given). */
    REGRESSION,
    /**
     * Paired runs only: the first look leans to a regression (one-sided p under {@link SpeedGate#SCREEN_P},
     * change at least half the floor) without deciding it; fresh rounds decide (exit 3 until they do).
     */
    SUSPECT,
    /** Flagged once but not in the confirmation run: treated as noise. */
    UNCONFIRMED,
    /** The data cannot support a verdict (NaN or too wide error, too few samples): never a pass. */
    INVALID,
    /** In the baseline but not in the current run (vanished, or failed to run): fails the gate. */
    MISSING,
    /** In the current run only: nothing to judge it against, reported. */
    NEW
}
