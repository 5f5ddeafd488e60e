package io.vdobench.nbd;

import java.io.IOException;

/**
 * The storage an {@link NbdServer} exports: a fixed-size, block-addressed byte range.
 *
 * <p>Contract (the server guarantees the caller side, implementations may rely on it):
 * <ul>
 *   <li>Every {@code offset} and {@code len} passed to read/write/trim is a multiple of
 *       {@link #blockSize()} and {@code offset + len <= sizeBytes()}. The server rejects
 *       anything else with NBD_EINVAL/NBD_ENOSPC before the backend sees it, so there is no
 *       read-modify-write anywhere; a VDO volume sees whole 4 KiB logical blocks only.</li>
 *   <li>A single read/write never exceeds the server's I/O chunk (1 MiB by default): large NBD
 *       requests arrive as several consecutive calls.</li>
 *   <li>Calls come concurrently from one thread per NBD connection. Implementations must be
 *       thread-safe; calls on distinct blocks may run in parallel. The server adds no locking, and
 *       NBD gives no ordering guarantee for overlapping in-flight writes from different
 *       connections.</li>
 *   <li>{@link #flush()} must make durable every write that has <em>returned</em>, whichever
 *       connection issued it. That global behaviour is what lets the server advertise
 *       NBD_FLAG_CAN_MULTI_CONN; an implementation that cannot promise it overrides
 *       {@link #flushCoversAllConnections()}.</li>
 *   <li>Errors: throw {@link NbdNoSpaceException} when out of space (→ NBD_ENOSPC), any other
 *       {@link IOException} for a failed operation (→ NBD_EIO). Runtime exceptions are treated
 *       like EIO as well and never kill the server.</li>
 * </ul>
 */
public interface NbdBackend extends AutoCloseable {

    /** The VDO logical block size; the default {@link #blockSize()}. */
    int VDO_BLOCK_SIZE = 4096;

    /** Export size in bytes, a multiple of {@link #blockSize()}. */
    long sizeBytes();

    /** Minimum (and preferred) I/O granularity: a power of two between 512 and 65536. */
    default int blockSize() {
        return VDO_BLOCK_SIZE;
    }

    /** Reads {@code len} bytes at {@code offset} into {@code dst[off..off+len)}; unwritten blocks read as zeroes. */
    void read(long offset, byte[] dst, int off, int len) throws IOException;

    /** Writes {@code src[off..off+len)} at {@code offset}. The array may be reused after return. */
    void write(long offset, byte[] src, int off, int len) throws IOException;

    /**
     * A write with NBD_CMD_FLAG_FUA: durable when it returns. The default writes, then flushes; a
     * backend with its own FUA (dm-vdo's REQ_FUA) overrides it.
     */
    default void writeFua(long offset, byte[] src, int off, int len) throws IOException {
        write(offset, src, off, len);
        flush();
    }

    /** Makes every completed write durable (see the class contract). */
    void flush() throws IOException;

    /** Discards the range; later reads may return zeroes or the old data (NBD permits both). */
    void trim(long offset, long len) throws IOException;

    /** Human-readable statistics, one {@code name : value} per line (vdostats style). */
    String statistics();

    /** Whether {@link #flush()} covers writes from every connection (see the class contract). */
    default boolean flushCoversAllConnections() {
        return true;
    }

    @Override
    default void close() throws IOException {}
}
