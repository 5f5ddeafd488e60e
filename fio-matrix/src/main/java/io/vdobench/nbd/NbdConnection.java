package io.vdobench.nbd;

import static io.vdobench.nbd.NbdProtocol.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: negotiation, then the transmission loop.
 *
 * <p>Requests on a connection are processed strictly in order by this connection's thread and
 * answered with simple replies in the same order (a client may pipeline: requests queue in the
 * socket buffer). Parallelism comes from several connections (fio opens one per job).
 *
 * <p>Memory per connection is bounded by one I/O chunk: WRITE payloads are read chunk by chunk and
 * handed to the backend, READ data is produced chunk by chunk. A rejected WRITE's payload is
 * drained through the same buffer so the stream stays in sync and the connection stays usable.
 *
 * <p>Logging is bounded per connection, whatever the client sends: the first invalid request and the
 * first backend failure are logged, later ones only counted, and the counts are logged when the
 * connection ends. The request counters and error replies are in {@link NbdServerStats}.
 */
final class NbdConnection implements Runnable {
    private static final System.Logger LOG = System.getLogger(NbdConnection.class.getName());

    private final NbdServer server;
    private final SocketChannel ch;
    private final NbdBackend backend;
    private final NbdExport export;
    private final NbdServerStats stats;
    private final int ioChunk;
    private final String peer;
    private final ByteBuffer header = ByteBuffer.allocate(REQUEST_HEADER_BYTES);
    private final ByteBuffer replyHeader = ByteBuffer.allocate(SIMPLE_REPLY_BYTES);
    private byte[] buf = new byte[0];
    /** NEGOTIATING → TRANSMITTING, or NEGOTIATING → EXPIRED by the handshake timer; never both. */
    private final AtomicInteger phase = new AtomicInteger(NEGOTIATING);
    private static final int NEGOTIATING = 0;
    private static final int TRANSMITTING = 1;
    private static final int EXPIRED = 2;
    /** The handshake timer; cancelled as soon as negotiation ends, so nothing outlives the connection. */
    private volatile Future<?> handshakeTimer;
    /** {@link System#nanoTime()} when the connection began waiting for a request header; BUSY otherwise. */
    private volatile long awaitingSince = BUSY;
    private static final long BUSY = Long.MIN_VALUE;
    private volatile boolean idleExpired;
    /** Written by this connection's thread only. */
    private long invalidRequests;
    private long backendFailures;

    NbdConnection(NbdServer server, SocketChannel ch, NbdBackend backend, NbdExport export,
                  NbdServerStats stats, int ioChunk, String peer) {
        this.server = server;
        this.ch = ch;
        this.backend = backend;
        this.export = export;
        this.stats = stats;
        this.ioChunk = ioChunk;
        this.peer = peer;
    }

    /** Called by the handshake timer: drops the connection if negotiation has not finished. */
    boolean expireNegotiation() {
        if (phase.compareAndSet(NEGOTIATING, EXPIRED)) {
            close();
            return true;
        }
        return false;
    }

    /** Set by the server before the connection's thread starts. */
    void handshakeTimer(Future<?> timer) {
        this.handshakeTimer = timer;
    }

    void cancelHandshakeTimer() {
        Future<?> t = handshakeTimer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /**
     * Called by the server's idle sweep: closes the connection if it has been waiting for a request
     * for at least {@code limitNanos} after the handshake. A request being served is never cut.
     */
    boolean expireIdle(long nowNanos, long limitNanos) {
        long since = awaitingSince;
        if (phase.get() != TRANSMITTING || since == BUSY || nowNanos - since < limitNanos) {
            return false;
        }
        idleExpired = true;
        close();
        return true;
    }

    @Override
    public void run() {
        try {
            boolean transmit;
            try {
                transmit = new NbdNegotiation(ch, export).run();
            } catch (IOException e) {
                stats.handshakesFailed.increment();
                if (e instanceof NbdNegotiation.ProtocolViolation) {
                    stats.protocolErrors.increment();
                }
                LOG.log(Level.DEBUG, () -> peer + ": negotiation ended: " + e);
                return;
            }
            if (!phase.compareAndSet(NEGOTIATING, TRANSMITTING)) {
                stats.handshakesFailed.increment(); // the timer won the race and closed the socket
                return;
            }
            cancelHandshakeTimer();
            if (!transmit) {
                stats.softDisconnects.increment();
                return;
            }
            stats.handshakesCompleted.increment();
            transmission();
        } catch (NbdWire.PeerClosedException e) {
            stats.hardDisconnects.increment();
            if (!e.atBoundary) {
                stats.protocolErrors.increment();
                LOG.log(Level.INFO, () -> peer + ": " + e.getMessage());
            }
        } catch (ClosedChannelException e) {
            stats.hardDisconnects.increment(); // server shutdown, handshake or idle timeout closed it
            if (idleExpired) {
                stats.idleTimeouts.increment();
                LOG.log(Level.INFO, () -> peer + ": no request within the idle timeout: connection closed");
            }
        } catch (IOException e) {
            stats.hardDisconnects.increment();
            LOG.log(Level.INFO, () -> peer + ": connection dropped: " + e);
        } finally {
            logErrorCounts();
            server.connectionEnded(this);
        }
    }

    /** The summary that stands for the per-request lines not logged (see the class comment). */
    private void logErrorCounts() {
        if (invalidRequests > 1) {
            long n = invalidRequests;
            LOG.log(Level.INFO, () -> peer + ": " + n + " invalid requests rejected on this connection");
        }
        if (backendFailures > 1) {
            long n = backendFailures;
            LOG.log(Level.WARNING, () -> peer + ": " + n + " backend failures on this connection");
        }
    }

    void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** Stops reading new requests; the request being served completes and is answered. */
    void shutdownInput() {
        try {
            ch.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void transmission() throws IOException {
        while (true) {
            header.clear();
            awaitingSince = System.nanoTime();
            NbdWire.readFully(ch, header, "request header");
            awaitingSince = BUSY;
            int magic = header.getInt(0);
            if (magic != REQUEST_MAGIC) {
                stats.protocolErrors.increment();
                throw new IOException(String.format("bad request magic 0x%08x, cannot resynchronise", magic));
            }
            int flags = Short.toUnsignedInt(header.getShort(4));
            int type = Short.toUnsignedInt(header.getShort(6));
            long handle = header.getLong(8);
            long offset = header.getLong(16);
            long length = Integer.toUnsignedLong(header.getInt(24));
            switch (type) {
                case CMD_READ -> read(handle, flags, offset, length);
                case CMD_WRITE -> write(handle, flags, offset, length);
                case CMD_FLUSH -> flush(handle, flags, offset, length);
                case CMD_TRIM -> trim(handle, flags, offset, length);
                case CMD_DISC -> {
                    stats.softDisconnects.increment();
                    return; // sequential processing: nothing is outstanding
                }
                // Anything else: no payload to skip in the simple-header protocol, so the
                // connection stays in sync after the error reply.
                default -> reject(handle, EINVAL, type, offset, length);
            }
        }
    }

    /**
     * Common validation; 0 if the request may proceed, else the NBD error to reply. A zero length
     * is invalid for READ, WRITE and TRIM: there is nothing to do, and no backend is asked to.
     */
    private int validate(int type, int flags, long offset, long length, boolean hasPayload) {
        if ((flags & ~CMD_FLAG_FUA) != 0 || length == 0) {
            return EINVAL;
        }
        if (hasPayload && length > export.maxPayload()) {
            return EINVAL;
        }
        int bs = export.blockSize();
        if (Long.remainderUnsigned(offset, bs) != 0 || length % bs != 0) {
            return EINVAL;
        }
        long size = export.sizeBytes();
        if (Long.compareUnsigned(offset, size) > 0 || length > size - offset) {
            return type == CMD_WRITE ? ENOSPC : EINVAL;
        }
        return 0;
    }

    private void read(long handle, int flags, long offset, long length) throws IOException {
        stats.reads.increment();
        int err = validate(CMD_READ, flags, offset, length, true);
        if (err != 0) {
            reject(handle, err, CMD_READ, offset, length);
            return;
        }
        int len = (int) length;
        int first = Math.min(len, ioChunk);
        ensureBuffer(first);
        // Read the first chunk before sending the header, so any failure there can still be
        // reported as an error reply. Only a failure in a later chunk of a read larger than one
        // chunk forces a hard disconnect (the spec's rule once a success header has gone out).
        err = backendRead(offset, first);
        if (err != 0) {
            reply(handle, err);
            return;
        }
        fillReplyHeader(handle, 0);
        NbdWire.writeFully(ch, replyHeader, ByteBuffer.wrap(buf, 0, first));
        for (int done = first; done < len; ) {
            int n = Math.min(len - done, ioChunk);
            if (backendRead(offset + done, n) != 0) {
                throw new IOException("backend read failed after the reply header was sent; dropping connection");
            }
            NbdWire.writeFully(ch, ByteBuffer.wrap(buf, 0, n));
            done += n;
        }
        stats.bytesRead.add(len);
    }

    private void write(long handle, int flags, long offset, long length) throws IOException {
        stats.writes.increment();
        int err = validate(CMD_WRITE, flags, offset, length, true);
        if (err != 0) {
            ensureBuffer((int) Math.min(length, ioChunk));
            NbdWire.drain(ch, length, ByteBuffer.wrap(buf), "rejected write payload");
            stats.bytesDrained.add(length);
            reject(handle, err, CMD_WRITE, offset, length);
            return;
        }
        int len = (int) length;
        boolean fua = (flags & CMD_FLAG_FUA) != 0;
        if (fua) {
            stats.fuaRequests.increment();
        }
        ensureBuffer(Math.min(len, ioChunk));
        for (int done = 0; done < len; ) {
            int n = Math.min(len - done, ioChunk);
            NbdWire.readFully(ch, ByteBuffer.wrap(buf, 0, n), "write payload");
            if (err == 0) {
                long at = offset + done;
                err = fua ? backendCall(() -> backend.writeFua(at, buf, 0, n))
                        : backendCall(() -> backend.write(at, buf, 0, n));
            }
            done += n;
        }
        if (err == 0) {
            stats.bytesWritten.add(len);
        }
        reply(handle, err);
    }

    private void flush(long handle, int flags, long offset, long length) throws IOException {
        stats.flushes.increment();
        if ((flags & ~CMD_FLAG_FUA) != 0 || offset != 0 || length != 0) {
            reject(handle, EINVAL, CMD_FLUSH, offset, length);
            return;
        }
        reply(handle, backendCall(backend::flush));
    }

    private void trim(long handle, int flags, long offset, long length) throws IOException {
        stats.trims.increment();
        int err = validate(CMD_TRIM, flags, offset, length, false);
        if (err != 0) {
            reject(handle, err, CMD_TRIM, offset, length);
            return;
        }
        err = backendCall(() -> backend.trim(offset, length));
        if (err == 0 && (flags & CMD_FLAG_FUA) != 0) {
            stats.fuaRequests.increment();
            err = backendCall(backend::flush);
        }
        if (err == 0) {
            stats.bytesTrimmed.add(length);
        }
        reply(handle, err);
    }

    private int backendRead(long offset, int n) {
        return backendCall(() -> backend.read(offset, buf, 0, n));
    }

    private interface BackendOp {
        void run() throws IOException;
    }

    /** Runs a backend call, mapping failures to NBD errors: ENOSPC for no space, else EIO. */
    private int backendCall(BackendOp op) {
        try {
            op.run();
            return 0;
        } catch (NbdNoSpaceException e) {
            return ENOSPC;
        } catch (IOException | RuntimeException e) {
            if (++backendFailures == 1) {
                LOG.log(Level.WARNING, () -> peer + ": backend failure: " + e
                        + " (further failures on this connection are counted, not logged)");
            }
            return EIO;
        }
    }

    /** Answers a request the client should not have sent; logs only the first per connection. */
    private void reject(long handle, int error, int type, long offset, long length) throws IOException {
        if (++invalidRequests == 1) {
            LOG.log(Level.INFO, () -> peer + ": rejected " + commandName(type) + " offset " + offset + " length "
                    + length + " with " + errorName(error) + " (further invalid requests are counted, not logged)");
        }
        reply(handle, error);
    }

    private void reply(long handle, int error) throws IOException {
        if (error != 0) {
            stats.errorReply(error);
        }
        fillReplyHeader(handle, error);
        NbdWire.writeFully(ch, replyHeader);
    }

    private void fillReplyHeader(long handle, int error) {
        replyHeader.clear();
        replyHeader.putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(handle).flip();
    }

    private void ensureBuffer(int n) {
        if (buf.length < n) {
            buf = new byte[n];
        }
    }
}
