package io.vdobench.ffm.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.vdobench.ffm.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into the system libdeflate ({@code libdeflate.so.0}). The compress/decompress calls take
 * their buffers as arguments, so they are linked {@code critical(true)}: heap arrays pass zero-copy.
 * {@code size_t} is mapped to {@code long} (LP64 Linux only).
 */
final class LibdeflateLib {
    static final NativeLibrary LIB = NativeLibrary.open("libdeflate", "libdeflate.so.0", "libdeflate.so");

    /** {@code enum libdeflate_result}. */
    static final int LIBDEFLATE_SUCCESS = 0;
    static final int LIBDEFLATE_BAD_DATA = 1;
    static final int LIBDEFLATE_SHORT_OUTPUT = 2;
    static final int LIBDEFLATE_INSUFFICIENT_SPACE = 3;

    /** {@code struct libdeflate_compressor *libdeflate_alloc_compressor(int level)}. */
    static final MethodHandle ALLOC_COMPRESSOR;
    /** {@code void libdeflate_free_compressor(struct libdeflate_compressor *)}. */
    static final MethodHandle FREE_COMPRESSOR;
    /** {@code size_t libdeflate_deflate_compress(c, const void *in, size_t in_nbytes, void *out, size_t out_nbytes_avail)}. */
    static final MethodHandle DEFLATE_COMPRESS;
    /** {@code struct libdeflate_decompressor *libdeflate_alloc_decompressor(void)}. */
    static final MethodHandle ALLOC_DECOMPRESSOR;
    /** {@code void libdeflate_free_decompressor(struct libdeflate_decompressor *)}. */
    static final MethodHandle FREE_DECOMPRESSOR;
    /**
     * {@code enum libdeflate_result libdeflate_deflate_decompress_ex(d, const void *in, size_t in_nbytes,
     * void *out, size_t out_nbytes_avail, size_t *actual_in_nbytes_ret, size_t *actual_out_nbytes_ret)}.
     */
    static final MethodHandle DEFLATE_DECOMPRESS_EX;
    static final LibraryStatus STATUS;

    static {
        MethodHandle[] h = new MethodHandle[6];
        LibraryStatus s;
        if (!LIB.isLoaded()) {
            s = LibraryStatus.notLoaded(LIB, "libdeflate.so.0");
        } else {
            try {
                h[0] = LIB.downcall("libdeflate_alloc_compressor", FunctionDescriptor.of(ADDRESS, JAVA_INT));
                h[1] = LIB.downcall("libdeflate_free_compressor", FunctionDescriptor.ofVoid(ADDRESS));
                h[2] = LIB.downcall("libdeflate_deflate_compress",
                        FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG),
                        NativeLibrary.CRITICAL_HEAP);
                h[3] = LIB.downcall("libdeflate_alloc_decompressor", FunctionDescriptor.of(ADDRESS));
                h[4] = LIB.downcall("libdeflate_free_decompressor", FunctionDescriptor.ofVoid(ADDRESS));
                h[5] = LIB.downcall("libdeflate_deflate_decompress_ex",
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS),
                        NativeLibrary.CRITICAL_HEAP);
                String file = LibraryFacts.mappedPath(LIB);
                // libdeflate has no runtime version call (LIBDEFLATE_VERSION_STRING is compile-time only).
                String version = LibraryFacts.dpkgVersion(file).orElse("unknown (libdeflate has no runtime version call)");
                s = LibraryStatus.loaded(file, version);
            } catch (Throwable t) {
                java.util.Arrays.fill(h, null);
                s = LibraryStatus.missing(LibraryFacts.mappedPath(LIB), "libdeflate unusable: " + t);
            }
        }
        ALLOC_COMPRESSOR = h[0];
        FREE_COMPRESSOR = h[1];
        DEFLATE_COMPRESS = h[2];
        ALLOC_DECOMPRESSOR = h[3];
        FREE_DECOMPRESSOR = h[4];
        DEFLATE_DECOMPRESS_EX = h[5];
        STATUS = s;
    }

    private LibdeflateLib() {
    }
}
