package io.vdobench.vdo;

/**
 * dm-vdo's {@code struct vdo_completion} as a work queue sees it: something to run on a thread,
 * linked into at most one queue at a time ({@code work_queue_entry_link}).
 */
interface VdoCompletion {
    /** {@code vdo_run_completion}: runs the callback; a completion handles its own errors. */
    void runCompletion();

    VdoCompletion nextCompletion();

    void setNextCompletion(VdoCompletion next);
}
