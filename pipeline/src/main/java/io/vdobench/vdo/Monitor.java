package io.vdobench.vdo;

/**
 * A monitor that counts its waiters, so that the common case, a state change nobody waits for,
 * costs no {@code notifyAll} (a native call of tens of nanoseconds, several per data_vio). Both
 * methods must be called while holding this monitor; the count is therefore exact.
 */
class Monitor {
    private int waiters;

    /** {@link Object#wait()} that reports an interrupt instead of throwing (see {@link Waits}). */
    final boolean await() {
        waiters++;
        try {
            return Waits.await(this);
        } finally {
            waiters--;
        }
    }

    /** Wakes every waiter, if there is any. */
    final void wakeAll() {
        if (waiters > 0) {
            notifyAll();
        }
    }

    /** Wakes one waiter, if there is any. */
    final void wakeOne() {
        if (waiters > 0) {
            notify();
        }
    }
}
