package io.vdobench.ffm.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.vdobench.ffm.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into the system liblz4 ({@code liblz4.so.1}). Handles are static finals so the JIT
 * treats them as constants. Both data calls take their buffers as arguments, so they are linked
 * {@code critical(true)}: heap arrays pass zero-copy.
 */
final class Lz4Lib {
    static final NativeLibrary LIB = NativeLibrary.open("liblz4", "liblz4.so.1", "liblz4.so");
    /** {@code int LZ4_compress_default(const char* src, char* dst, int srcSize, int dstCapacity)}. */
    static final MethodHandle COMPRESS_DEFAULT;
    /** {@code int LZ4_decompress_safe(const char* src, char* dst, int compressedSize, int dstCapacity)}. */
    static final MethodHandle DECOMPRESS_SAFE;
    static final LibraryStatus STATUS;

    static {
        MethodHandle c = null;
        MethodHandle d = null;
        LibraryStatus s;
        if (!LIB.isLoaded()) {
            s = LibraryStatus.notLoaded(LIB, "liblz4.so.1");
        } else {
            try {
                FunctionDescriptor fd = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT);
                c = LIB.downcall("LZ4_compress_default", fd, NativeLibrary.CRITICAL_HEAP);
                d = LIB.downcall("LZ4_decompress_safe", fd, NativeLibrary.CRITICAL_HEAP);
                MethodHandle v = LIB.downcall("LZ4_versionString", FunctionDescriptor.of(ADDRESS));
                String version = Downcalls.cString((MemorySegment) v.invokeExact());
                s = LibraryStatus.loaded(LibraryFacts.mappedPath(LIB), version);
            } catch (Throwable t) {
                c = null;
                d = null;
                s = LibraryStatus.missing(LibraryFacts.mappedPath(LIB), "liblz4 unusable: " + t);
            }
        }
        COMPRESS_DEFAULT = c;
        DECOMPRESS_SAFE = d;
        STATUS = s;
    }

    private Lz4Lib() {
    }
}
