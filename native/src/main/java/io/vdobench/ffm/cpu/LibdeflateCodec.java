package io.vdobench.ffm.cpu;

import static io.vdobench.ffm.cpu.LibdeflateLib.LIBDEFLATE_BAD_DATA;
import static io.vdobench.ffm.cpu.LibdeflateLib.LIBDEFLATE_INSUFFICIENT_SPACE;
import static io.vdobench.ffm.cpu.LibdeflateLib.LIBDEFLATE_SHORT_OUTPUT;
import static io.vdobench.ffm.cpu.LibdeflateLib.LIBDEFLATE_SUCCESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.vdobench.codec.CodecFailureException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.codec.StatePool;
import io.vdobench.ffm.HeapViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Raw DEFLATE through the system libdeflate over FFM ({@code libdeflate:level=N}, N in 1, 6, 9, 12).
 * libdeflate is whole-buffer only and takes the data pointers as call arguments, so heap arrays pass
 * zero-copy ({@code critical(true)}) as cached {@link HeapViews}. The destination capacity is a hard
 * limit: libdeflate returns 0 ("does not fit") rather than write past it, and the decompressor never
 * writes past {@code expectedLength}.
 *
 * <p>Cost of zero-copy: a {@code critical} call holds off GC safepoints for its duration. That is
 * microseconds for most calls, but level 12 spends ~0.9 ms on a 4 KiB block (smoke run of the C
 * bench) and proportionally more on large blocks; GC pauses can stretch by that much.
 *
 * <p>Thread-safe: one {@code libdeflate_compressor} (hundreds of KiB at level 12) and one
 * {@code libdeflate_decompressor} per concurrently active thread, pooled and reused.
 */
public final class LibdeflateCodec extends FfmCodecBase {
    /** Levels offered: fastest, default, zlib's best, libdeflate's best. */
    public static final int[] LEVELS = {1, 6, 9, 12};

    private final int level;
    private final StatePool<MemorySegment> compressors;
    private final StatePool<Decompressor> decompressors;

    /** One decompressor and the two {@code size_t} out-parameters of {@code _decompress_ex}. */
    private record Decompressor(MemorySegment handle, Arena arena, MemorySegment actualIn, MemorySegment actualOut) {
    }

    public LibdeflateCodec(int level) {
        this(level, LibdeflateLib.STATUS);
    }

    LibdeflateCodec(int level, LibraryStatus status) {
        super("libdeflate", "level=" + level, CompressionAlgorithm.DEFLATE_CPU, status);
        if (level < 0 || level > 12) {
            throw new IllegalArgumentException("libdeflate level must be 0..12, got " + level);
        }
        this.level = level;
        this.compressors = new StatePool<>(info.id(), this::newCompressor, LibdeflateCodec::freeCompressor);
        this.decompressors = new StatePool<>(info.id(), LibdeflateCodec::newDecompressor, LibdeflateCodec::freeDecompressor);
    }

    public int level() {
        return level;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        checkAvailable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, dstCapacity, dst.length);
        HeapViews views = HeapViews.local();
        MemorySegment c = compressors.acquire();
        try {
            // Views run to the end of their arrays; libdeflate touches only srcLen and dstCapacity bytes
            // of them (both checked above).
            long n = (long) LibdeflateLib.DEFLATE_COMPRESS.invokeExact(c,
                    views.at(src, srcOff), (long) srcLen, views.at(dst, dstOff), (long) dstCapacity);
            // 0 means the output did not fit in dstCapacity (libdeflate never writes past it).
            return n == 0 ? DOES_NOT_FIT : Math.toIntExact(n);
        } catch (Throwable t) {
            throw Downcalls.rethrow("libdeflate", t);
        } finally {
            compressors.release(c);
        }
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        checkAvailable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, expectedLength, dst.length);
        HeapViews views = HeapViews.local();
        Decompressor d = decompressors.acquire();
        int result;
        long in;
        long out;
        try {
            result = (int) LibdeflateLib.DEFLATE_DECOMPRESS_EX.invokeExact(d.handle(),
                    views.at(src, srcOff), (long) srcLen, views.at(dst, dstOff), (long) expectedLength,
                    d.actualIn(), d.actualOut());
            in = d.actualIn().get(JAVA_LONG, 0);
            out = d.actualOut().get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Downcalls.rethrow("libdeflate", t);
        } finally {
            decompressors.release(d);
        }
        switch (result) {
            case LIBDEFLATE_SUCCESS -> {
                if (out != expectedLength) {
                    throw new CorruptFragmentException("libdeflate: stream decodes to " + out + " bytes, expected "
                            + expectedLength);
                }
                if (in != srcLen) {
                    throw new CorruptFragmentException("libdeflate: " + (srcLen - in) + " trailing bytes after the stream");
                }
            }
            case LIBDEFLATE_BAD_DATA -> throw new CorruptFragmentException(
                    "libdeflate: malformed or truncated stream (LIBDEFLATE_BAD_DATA, " + srcLen + " bytes)");
            case LIBDEFLATE_INSUFFICIENT_SPACE -> throw new CorruptFragmentException(
                    "libdeflate: stream decodes to more than " + expectedLength + " bytes (LIBDEFLATE_INSUFFICIENT_SPACE)");
            case LIBDEFLATE_SHORT_OUTPUT -> throw new CorruptFragmentException(
                    "libdeflate: stream decodes to fewer than " + expectedLength + " bytes (LIBDEFLATE_SHORT_OUTPUT)");
            default -> throw new CodecFailureException("libdeflate: unexpected result " + result, result);
        }
    }

    private MemorySegment newCompressor() {
        try {
            MemorySegment c = (MemorySegment) LibdeflateLib.ALLOC_COMPRESSOR.invokeExact(level);
            if (c.equals(MemorySegment.NULL)) {
                throw new CodecFailureException("libdeflate_alloc_compressor(" + level + ") returned NULL", 0);
            }
            return c;
        } catch (Throwable t) {
            throw Downcalls.rethrow("libdeflate", t);
        }
    }

    private static void freeCompressor(MemorySegment c) {
        try {
            LibdeflateLib.FREE_COMPRESSOR.invokeExact(c);
        } catch (Throwable t) {
            throw Downcalls.rethrow("libdeflate", t);
        }
    }

    private static Decompressor newDecompressor() {
        MemorySegment h;
        try {
            h = (MemorySegment) LibdeflateLib.ALLOC_DECOMPRESSOR.invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow("libdeflate", t);
        }
        if (h.equals(MemorySegment.NULL)) {
            throw new CodecFailureException("libdeflate_alloc_decompressor() returned NULL", 0);
        }
        // Shared: a pooled state may be used by any thread, one at a time.
        Arena arena = Arena.ofShared();
        return new Decompressor(h, arena, arena.allocate(JAVA_LONG), arena.allocate(JAVA_LONG));
    }

    private static void freeDecompressor(Decompressor d) {
        try {
            LibdeflateLib.FREE_DECOMPRESSOR.invokeExact(d.handle());
        } catch (Throwable t) {
            throw Downcalls.rethrow("libdeflate", t);
        } finally {
            d.arena().close();
        }
    }

    /** Native states created so far (bounded by peak concurrency); for tests. */
    int statesCreated() {
        return compressors.created() + decompressors.created();
    }

    @Override
    public void close() {
        compressors.close();
        decompressors.close();
    }
}
