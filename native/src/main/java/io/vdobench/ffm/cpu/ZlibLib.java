package io.vdobench.ffm.cpu;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.vdobench.ffm.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into the system zlib ({@code libz.so.1}) and the {@code z_stream} layout of zlib.h on
 * LP64 Linux ({@code uInt} = 4 bytes, {@code uLong} = 8). {@code CpuStructLayoutTest} checks the
 * layout against the header with the C compiler.
 *
 * <p>zlib keeps the data pointers in {@code z_stream}, so heap arrays cannot be passed zero-copy:
 * see {@link StagingBuffers}. {@code deflate}/{@code inflate} are linked as ordinary downcalls (they
 * only touch native memory and may run for milliseconds on large blocks, so they should not hold off
 * the GC); the tiny reset calls are {@code critical(false)}.
 */
final class ZlibLib {
    static final StructLayout Z_STREAM = MemoryLayout.structLayout(
            ADDRESS.withName("next_in"),
            JAVA_INT.withName("avail_in"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("total_in"),
            ADDRESS.withName("next_out"),
            JAVA_INT.withName("avail_out"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("total_out"),
            ADDRESS.withName("msg"),
            ADDRESS.withName("state"),
            ADDRESS.withName("zalloc"),
            ADDRESS.withName("zfree"),
            ADDRESS.withName("opaque"),
            JAVA_INT.withName("data_type"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("adler"),
            JAVA_LONG.withName("reserved")).withName("z_stream");

    static final long NEXT_IN = offset("next_in");
    static final long AVAIL_IN = offset("avail_in");
    static final long NEXT_OUT = offset("next_out");
    static final long AVAIL_OUT = offset("avail_out");
    static final long MSG = offset("msg");

    static final int Z_OK = 0;
    static final int Z_STREAM_END = 1;
    static final int Z_NEED_DICT = 2;
    static final int Z_DATA_ERROR = -3;
    static final int Z_MEM_ERROR = -4;
    static final int Z_BUF_ERROR = -5;
    static final int Z_FINISH = 4;
    static final int Z_DEFLATED = 8;
    static final int Z_DEFAULT_STRATEGY = 0;

    static final NativeLibrary LIB = NativeLibrary.open("zlib", "libz.so.1", "libz.so");
    /** The runtime library's {@code zlibVersion()}, passed to the {@code *Init2_} calls. */
    static final MemorySegment VERSION_PTR;
    static final MethodHandle DEFLATE_INIT2;
    static final MethodHandle DEFLATE;
    static final MethodHandle DEFLATE_RESET;
    static final MethodHandle DEFLATE_END;
    static final MethodHandle INFLATE_INIT2;
    static final MethodHandle INFLATE;
    static final MethodHandle INFLATE_RESET;
    static final MethodHandle INFLATE_END;
    static final LibraryStatus STATUS;

    static {
        MethodHandle[] h = new MethodHandle[8];
        MemorySegment version = MemorySegment.NULL;
        LibraryStatus s;
        if (!LIB.isLoaded()) {
            s = LibraryStatus.notLoaded(LIB, "libz.so.1");
        } else {
            try {
                Linker.Option shortCall = Linker.Option.critical(false);
                FunctionDescriptor strmInt = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
                FunctionDescriptor strm = FunctionDescriptor.of(JAVA_INT, ADDRESS);
                h[0] = LIB.downcall("deflateInit2_", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
                h[1] = LIB.downcall("deflate", strmInt);
                h[2] = LIB.downcall("deflateReset", strm, shortCall);
                h[3] = LIB.downcall("deflateEnd", strm);
                h[4] = LIB.downcall("inflateInit2_", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
                h[5] = LIB.downcall("inflate", strmInt);
                h[6] = LIB.downcall("inflateReset", strm, shortCall);
                h[7] = LIB.downcall("inflateEnd", strm);
                MethodHandle v = LIB.downcall("zlibVersion", FunctionDescriptor.of(ADDRESS));
                version = (MemorySegment) v.invokeExact();
                s = LibraryStatus.loaded(LibraryFacts.mappedPath(LIB), Downcalls.cString(version));
            } catch (Throwable t) {
                java.util.Arrays.fill(h, null);
                version = MemorySegment.NULL;
                s = LibraryStatus.missing(LibraryFacts.mappedPath(LIB), "zlib unusable: " + t);
            }
        }
        VERSION_PTR = version;
        DEFLATE_INIT2 = h[0];
        DEFLATE = h[1];
        DEFLATE_RESET = h[2];
        DEFLATE_END = h[3];
        INFLATE_INIT2 = h[4];
        INFLATE = h[5];
        INFLATE_RESET = h[6];
        INFLATE_END = h[7];
        STATUS = s;
    }

    private ZlibLib() {
    }

    private static long offset(String field) {
        return Z_STREAM.byteOffset(groupElement(field));
    }

    /** zlib's return codes by name, for messages. */
    static String codeName(int rc) {
        return switch (rc) {
            case Z_OK -> "Z_OK";
            case Z_STREAM_END -> "Z_STREAM_END";
            case Z_NEED_DICT -> "Z_NEED_DICT";
            case -1 -> "Z_ERRNO";
            case -2 -> "Z_STREAM_ERROR";
            case Z_DATA_ERROR -> "Z_DATA_ERROR";
            case Z_MEM_ERROR -> "Z_MEM_ERROR";
            case Z_BUF_ERROR -> "Z_BUF_ERROR";
            case -6 -> "Z_VERSION_ERROR";
            default -> "zlib status " + rc;
        };
    }
}
