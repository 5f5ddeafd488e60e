package io.vdobench.codec;

/**
 * One compression backend as the VDO pipeline sees it: whole-block in, raw fragment out.
 *
 * <p>All buffers are heap arrays with explicit offsets so that FFM backends can pass them
 * zero-copy ({@code Linker.Option.critical(true)}) and the per-block path allocates nothing.
 *
 * <p><b>Thread-safety:</b> every implementation is safe for concurrent use by any number of
 * threads. Native per-call state (QPL jobs, ISA-L streams, libdeflate compressors, LZ4 work
 * memory) is kept in a {@link StatePool}: created once per concurrently-active thread and reused,
 * never re-created per call. {@link #close()} releases that state; calling a closed codec throws
 * {@link CodecUnavailableException}.
 */
public interface Codec extends AutoCloseable {

    /** Returned by {@link #compress} when the output would not fit in the destination capacity. */
    int DOES_NOT_FIT = -1;

    /** Identity and execution facts; stable for the codec's lifetime. */
    CodecInfo info();

    /** The on-disk algorithm tag a fragment written by this codec carries. */
    default CompressionAlgorithm algorithm() {
        return info().algorithm();
    }

    /** Short id as typed on the command line, e.g. {@code lz4:impl=jni} or {@code qpl:path=software,huffman=fixed}. */
    default String id() {
        return info().id();
    }

    /**
     * Compresses {@code src[srcOff, srcOff+srcLen)} into {@code dst[dstOff, dstOff+dstCapacity)}.
     * {@code dstCapacity} is a hard limit (dm-vdo caps a fragment at 4059 bytes).
     *
     * @return the compressed length ({@code > 0}), or {@link #DOES_NOT_FIT}
     * @throws CodecUnavailableException if the backend cannot run (library missing, closed)
     * @throws CodecFailureException     if the library reports an error other than "does not fit"
     */
    int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity);

    /**
     * Decompresses {@code src[srcOff, srcOff+srcLen)} into {@code dst[dstOff, dstOff+expectedLength)}.
     * Succeeds only if the stream is valid and produces exactly {@code expectedLength} bytes; never
     * writes outside that range.
     *
     * @throws CorruptFragmentException  if the input is malformed, truncated, or decodes to another length
     * @throws CodecUnavailableException if the backend cannot run
     */
    void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength);

    /** Releases native state. Idempotent. */
    @Override
    void close();
}
