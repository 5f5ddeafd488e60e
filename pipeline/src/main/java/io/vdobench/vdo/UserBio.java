package io.vdobench.vdo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The submitter's side of a request ({@code struct bio} and its {@code bi_end_io}): the number of
 * 4 KiB data_vios not yet acknowledged, and the first error among them. One per submitting
 * thread and volume, reused; the submitter parks until the last acknowledgement.
 */
final class UserBio {
    private final Thread submitter = Thread.currentThread();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<RuntimeException> error = new AtomicReference<>();

    /** A new request of {@code blocks} data_vios. */
    void expect(int blocks) {
        error.set(null);
        pending.set(blocks);
    }

    /** {@code bio_endio} for one data_vio; {@code failure} is null on success. */
    void acknowledge(RuntimeException failure) {
        if (failure != null) {
            error.compareAndSet(null, failure);
        }
        if (pending.decrementAndGet() == 0 && Thread.currentThread() != submitter) {
            LockSupport.unpark(submitter); // inline the submitter usually answers itself: it is not parked
        }
    }

    /**
     * Parks the submitter until every data_vio is acknowledged (uninterruptibly, as a bio waits: an
     * interrupt is kept for the caller); then throws the first error, if any.
     */
    void await() {
        boolean interrupted = false;
        while (pending.get() > 0) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException e = error.get();
        if (e != null) {
            error.set(null);
            throw e;
        }
    }
}
