package io.vdobench.ffm.cpu;

import io.vdobench.codec.CodecFailureException;
import java.lang.foreign.MemorySegment;

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

    /**
     * The NUL-terminated C string a library returned (a version, an error message), read no further
     * than its terminator or 256 bytes; "" for NULL.
     */
    @SuppressWarnings("restricted") // the pointer comes from the library's own static strings
    static String cString(MemorySegment ptr) {
        return ptr.equals(MemorySegment.NULL) ? "" : ptr.reinterpret(256).getString(0);
    }
}
