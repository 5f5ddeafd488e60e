package io.vdobench.vdo;

import java.util.Locale;

/** Where a volume runs the steps of its data_vios. */
public enum Execution {
    /**
     * Every step on the thread that submitted the request (or on whichever caller finishes a parked
     * data_vio): no threads of the volume's own. The per-block cost without queue hand-offs, for
     * microbenchmarks such as {@code WritePathCostBench}.
     */
    INLINE,
    /**
     * dm-vdo's threads from the {@link ThreadConfig}: each step runs on the thread dm-vdo runs it on
     * and data_vios move between them through work queues; a submitter waits only for its
     * acknowledgement.
     */
    THREADS;

    /** "inline" or "threads". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()}; anything else is an {@link IllegalArgumentException} naming both choices. */
    public static Execution parse(String text) {
        for (Execution e : values()) {
            if (e.label().equals(text == null ? null : text.strip().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("execution must be inline or threads, got \"" + text + "\"");
    }
}
