package io.vdobench.ffm.cpu;

import io.vdobench.codec.CodecFailureException;

/** Small helpers shared by the bindings of this package. */
final class Downcalls {
    private Downcalls() {
    }

    /**
     * What to throw when {@code MethodHandle.invokeExact} throws: runtime exceptions and errors as
     * they are (none is expected from a C function), anything else wrapped as a codec failure.
     */
    static RuntimeException rethrow(String library, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CodecFailureException(library + " downcall failed: " + t, 0);
    }
}
