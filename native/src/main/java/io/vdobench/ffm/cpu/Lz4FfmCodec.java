package io.vdobench.ffm.cpu;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.ffm.HeapViews;
import java.util.Objects;

/**
 * LZ4 through the system liblz4 over FFM ({@code lz4:impl=ffm}): {@code LZ4_compress_default}
 * (what dm-vdo runs; 0 means "does not fit") and {@code LZ4_decompress_safe} with dm-vdo's
 * exact-length check. Heap arrays are passed zero-copy ({@code critical(true)}) as cached
 * {@link HeapViews} (no allocation per call on stable buffers); the sizes passed to C bound every access.
 *
 * <p>Thread-safe and stateless on the Java side: {@code LZ4_compress_default} keeps its 16 KiB
 * hash table on the C stack (liblz4's default {@code LZ4_HEAPMODE=0}), exactly as a C caller gets it,
 * so there is no per-thread state to pool.
 */
public final class Lz4FfmCodec implements Codec {
    private final CodecInfo info;
    private volatile boolean closed;

    public Lz4FfmCodec() {
        this(Lz4Lib.STATUS);
    }

    /** For tests: a codec over a library status other than the system's (e.g. a missing one). */
    Lz4FfmCodec(LibraryStatus status) {
        this.info = status.loaded()
                ? CodecInfo.available("lz4", "impl=ffm", CompressionAlgorithm.LZ4, ExecutionPath.FFM,
                        status.library(), status.version())
                : CodecInfo.unavailable("lz4", "impl=ffm", CompressionAlgorithm.LZ4, status.library(),
                        status.reason());
    }

    @Override
    public CodecInfo info() {
        return info;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        checkUsable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, dstCapacity, dst.length);
        HeapViews views = HeapViews.local();
        int n;
        try {
            // Views run to the end of their arrays; liblz4 touches only srcLen and dstCapacity bytes
            // of them (both checked above).
            n = (int) Lz4Lib.COMPRESS_DEFAULT.invokeExact(views.at(src, srcOff), views.at(dst, dstOff), srcLen,
                    dstCapacity);
        } catch (Throwable t) {
            throw Downcalls.rethrow("liblz4", t);
        }
        // LZ4_compress_default returns 0 exactly when the output would exceed dstCapacity.
        return n > 0 ? n : DOES_NOT_FIT;
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        checkUsable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, expectedLength, dst.length);
        HeapViews views = HeapViews.local();
        int n;
        try {
            // dstCapacity = expectedLength: liblz4 never writes past it and fails on longer streams.
            n = (int) Lz4Lib.DECOMPRESS_SAFE.invokeExact(views.at(src, srcOff), views.at(dst, dstOff), srcLen,
                    expectedLength);
        } catch (Throwable t) {
            throw Downcalls.rethrow("liblz4", t);
        }
        if (n < 0) {
            throw new CorruptFragmentException("lz4: malformed block (" + srcLen + " bytes, LZ4_decompress_safe "
                    + n + "), or it decodes to more than " + expectedLength + " bytes");
        }
        if (n != expectedLength) {
            throw new CorruptFragmentException("lz4: block decodes to " + n + " bytes, expected " + expectedLength);
        }
    }

    private void checkUsable() {
        if (!info.available()) {
            throw new CodecUnavailableException(info.id() + " unavailable: " + info.reason());
        }
        if (closed) {
            throw new CodecUnavailableException(info.id() + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
