package io.vdobench.vdo;

/** Uninterruptible waiting: the volume's waits must end in the state change they wait for. */
final class Waits {
    private Waits() {
    }

    /** Object.wait that reports an interrupt instead of throwing; callers restore the flag when done. */
    static boolean await(Object monitor) {
        try {
            monitor.wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
