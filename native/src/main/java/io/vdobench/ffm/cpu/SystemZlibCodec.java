package io.vdobench.ffm.cpu;

import static io.vdobench.ffm.cpu.ZlibLib.AVAIL_IN;
import static io.vdobench.ffm.cpu.ZlibLib.AVAIL_OUT;
import static io.vdobench.ffm.cpu.ZlibLib.NEXT_IN;
import static io.vdobench.ffm.cpu.ZlibLib.NEXT_OUT;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.vdobench.codec.CodecFailureException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.codec.StatePool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Raw DEFLATE through the system zlib over FFM with a <b>4 KiB window</b>
 * ({@code zlib:impl=ffm,window=4k,level=N}, N in 1, 6, 9): {@code deflateInit2_(level, Z_DEFLATED,
 * windowBits=-12, memLevel=8, Z_DEFAULT_STRATEGY)}. A 4 KiB window is the limit IAA decodes, so these
 * fragments stay readable by IAA at every block size (the JDK's {@code Deflater} always uses 32 KiB).
 * zlib's deflate never emits a distance beyond {@code 4096 - 262} with this window.
 * Decompression uses {@code inflateInit2_(-15)}, which accepts any window.
 *
 * <p>Data is staged through per-state native buffers ({@link StagingBuffers}): zlib keeps the data
 * pointers in {@code z_stream}, where a pinned heap address would not stay valid.
 *
 * <p>Thread-safe: one deflate and one inflate {@code z_stream} per concurrently active thread, pooled;
 * each call starts with {@code deflateReset}/{@code inflateReset}, never a fresh init.
 */
public final class SystemZlibCodec extends FfmCodecBase {
    /** Levels offered: fastest, zlib's default, best. */
    public static final int[] LEVELS = {1, 6, 9};
    /** log2 of the deflate window: 4 KiB, as IAA requires. */
    public static final int WINDOW_BITS = 12;
    private static final int MEM_LEVEL = 8;
    private static final int INFLATE_ANY_WINDOW = 15;

    private final int level;
    private final StatePool<Stream> deflaters;
    private final StatePool<Stream> inflaters;

    /** One initialised {@code z_stream} and its staging buffers. */
    private record Stream(Arena arena, MemorySegment strm, StagingBuffers buf) {
    }

    public SystemZlibCodec(int level) {
        this(level, ZlibLib.STATUS);
    }

    SystemZlibCodec(int level, LibraryStatus status) {
        super("zlib", "impl=ffm,window=" + (1 << WINDOW_BITS) / 1024 + "k,level=" + level,
                CompressionAlgorithm.DEFLATE_CPU, status);
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("zlib level must be 0..9, got " + level);
        }
        this.level = level;
        this.deflaters = new StatePool<>(info.id(), this::newDeflater, SystemZlibCodec::endDeflater);
        this.inflaters = new StatePool<>(info.id(), this::newInflater, SystemZlibCodec::endInflater);
    }

    public int level() {
        return level;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        checkAvailable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, dstCapacity, dst.length);
        Stream s = deflaters.acquire();
        try {
            s.buf().ensure(srcLen, dstCapacity);
            MemorySegment in = s.buf().in();
            MemorySegment out = s.buf().out();
            MemorySegment.copy(src, srcOff, in, JAVA_BYTE, 0, srcLen);
            MemorySegment z = s.strm();
            check("deflateReset", (int) ZlibLib.DEFLATE_RESET.invokeExact(z));
            z.set(ADDRESS, NEXT_IN, in);
            z.set(JAVA_INT, AVAIL_IN, srcLen);
            z.set(ADDRESS, NEXT_OUT, out);
            z.set(JAVA_INT, AVAIL_OUT, dstCapacity);
            int rc = (int) ZlibLib.DEFLATE.invokeExact(z, ZlibLib.Z_FINISH);
            if (rc == ZlibLib.Z_STREAM_END) {
                int n = dstCapacity - z.get(JAVA_INT, AVAIL_OUT);
                MemorySegment.copy(out, JAVA_BYTE, 0, dst, dstOff, n);
                return n;
            }
            if (rc == ZlibLib.Z_OK || rc == ZlibLib.Z_BUF_ERROR) {
                return DOES_NOT_FIT; // output space ran out before the stream ended
            }
            throw new CodecFailureException("zlib deflate: " + ZlibLib.codeName(rc) + message(z), rc);
        } catch (Throwable t) {
            throw Downcalls.rethrow("zlib", t);
        } finally {
            deflaters.release(s);
        }
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        checkAvailable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, expectedLength, dst.length);
        Stream s = inflaters.acquire();
        try {
            s.buf().ensure(srcLen, expectedLength);
            MemorySegment in = s.buf().in();
            MemorySegment out = s.buf().out();
            MemorySegment.copy(src, srcOff, in, JAVA_BYTE, 0, srcLen);
            MemorySegment z = s.strm();
            check("inflateReset", (int) ZlibLib.INFLATE_RESET.invokeExact(z));
            z.set(ADDRESS, NEXT_IN, in);
            z.set(JAVA_INT, AVAIL_IN, srcLen);
            z.set(ADDRESS, NEXT_OUT, out);
            z.set(JAVA_INT, AVAIL_OUT, expectedLength);
            int rc = (int) ZlibLib.INFLATE.invokeExact(z, ZlibLib.Z_FINISH);
            int produced = expectedLength - z.get(JAVA_INT, AVAIL_OUT);
            if (rc != ZlibLib.Z_STREAM_END && produced == expectedLength && isProgress(rc)) {
                // Output is full but the stream has not ended: one byte into the staging slack
                // (never into dst) tells "decodes to more" from "ends right here".
                z.set(ADDRESS, NEXT_OUT, out.asSlice(expectedLength));
                z.set(JAVA_INT, AVAIL_OUT, 1);
                rc = (int) ZlibLib.INFLATE.invokeExact(z, ZlibLib.Z_FINISH);
                if (z.get(JAVA_INT, AVAIL_OUT) == 0) {
                    throw new CorruptFragmentException("zlib: stream decodes to more than " + expectedLength + " bytes");
                }
            }
            if (rc == ZlibLib.Z_STREAM_END) {
                if (produced != expectedLength) {
                    throw new CorruptFragmentException("zlib: stream ends after " + produced + " bytes, expected "
                            + expectedLength);
                }
                int trailing = z.get(JAVA_INT, AVAIL_IN);
                if (trailing != 0) {
                    throw new CorruptFragmentException("zlib: " + trailing + " trailing bytes after the stream");
                }
                MemorySegment.copy(out, JAVA_BYTE, 0, dst, dstOff, expectedLength);
                return;
            }
            if (isProgress(rc)) {
                throw new CorruptFragmentException("zlib: stream is truncated (input ends after " + produced
                        + " of " + expectedLength + " bytes, no end of final block)");
            }
            if (rc == ZlibLib.Z_DATA_ERROR || rc == ZlibLib.Z_NEED_DICT) {
                throw new CorruptFragmentException("zlib: malformed stream: " + ZlibLib.codeName(rc) + message(z));
            }
            throw new CodecFailureException("zlib inflate: " + ZlibLib.codeName(rc) + message(z), rc);
        } catch (Throwable t) {
            throw Downcalls.rethrow("zlib", t);
        } finally {
            inflaters.release(s);
        }
    }

    /** Z_OK / Z_BUF_ERROR: no error, the stream simply has not ended within the buffers given. */
    private static boolean isProgress(int rc) {
        return rc == ZlibLib.Z_OK || rc == ZlibLib.Z_BUF_ERROR;
    }

    private static void check(String call, int rc) {
        if (rc != ZlibLib.Z_OK) {
            throw new CodecFailureException("zlib " + call + ": " + ZlibLib.codeName(rc), rc);
        }
    }

    private static String message(MemorySegment z) {
        MemorySegment msg = z.get(ADDRESS, ZlibLib.MSG);
        return msg.equals(MemorySegment.NULL) ? "" : " (" + Downcalls.cString(msg) + ")";
    }

    private Stream newDeflater() {
        Arena arena = Arena.ofShared();
        try {
            // Zeroed: zalloc/zfree/opaque = Z_NULL selects zlib's default allocator.
            MemorySegment z = arena.allocate(ZlibLib.Z_STREAM);
            int rc = (int) ZlibLib.DEFLATE_INIT2.invokeExact(z, level, ZlibLib.Z_DEFLATED, -WINDOW_BITS,
                    MEM_LEVEL, ZlibLib.Z_DEFAULT_STRATEGY, ZlibLib.VERSION_PTR, (int) ZlibLib.Z_STREAM.byteSize());
            check("deflateInit2_", rc);
            return new Stream(arena, z, new StagingBuffers(4096, 4096));
        } catch (Throwable t) {
            arena.close();
            throw Downcalls.rethrow("zlib", t);
        }
    }

    private Stream newInflater() {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment z = arena.allocate(ZlibLib.Z_STREAM);
            int rc = (int) ZlibLib.INFLATE_INIT2.invokeExact(z, -INFLATE_ANY_WINDOW, ZlibLib.VERSION_PTR,
                    (int) ZlibLib.Z_STREAM.byteSize());
            check("inflateInit2_", rc);
            return new Stream(arena, z, new StagingBuffers(4096, 4096));
        } catch (Throwable t) {
            arena.close();
            throw Downcalls.rethrow("zlib", t);
        }
    }

    private static void endDeflater(Stream s) {
        try {
            int ignored = (int) ZlibLib.DEFLATE_END.invokeExact(s.strm()); // Z_DATA_ERROR if mid-stream: still frees
        } catch (Throwable t) {
            throw Downcalls.rethrow("zlib", t);
        } finally {
            s.buf().close();
            s.arena().close();
        }
    }

    private static void endInflater(Stream s) {
        try {
            int ignored = (int) ZlibLib.INFLATE_END.invokeExact(s.strm());
        } catch (Throwable t) {
            throw Downcalls.rethrow("zlib", t);
        } finally {
            s.buf().close();
            s.arena().close();
        }
    }

    /** Native states created so far (bounded by peak concurrency); for tests. */
    int statesCreated() {
        return deflaters.created() + inflaters.created();
    }

    @Override
    public void close() {
        deflaters.close();
        inflaters.close();
    }
}
