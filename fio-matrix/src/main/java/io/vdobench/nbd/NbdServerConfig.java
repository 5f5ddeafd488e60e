package io.vdobench.nbd;

import java.time.Duration;
import java.util.Objects;

/**
 * Server limits and names.
 *
 * @param exportName        canonical export name; the empty name ("default export") also selects it
 * @param description       human-readable text for NBD_INFO_DESCRIPTION
 * @param maxPayload        largest READ/WRITE length accepted (advertised as the maximum payload);
 *                          longer requests get NBD_EINVAL, the connection stays usable
 * @param ioChunk           largest single backend read/write and the per-connection buffer size;
 *                          bounds memory at {@code maxConnections * ioChunk}
 * @param maxConnections    connections beyond this are closed right after accept
 * @param handshakeTimeout  a client that has not finished negotiation by then is disconnected
 * @param shutdownGrace     on close, in-flight requests get this long before sockets are closed
 * @param idleTimeout       after the handshake, a connection that sends no request for this long is
 *                          closed; {@link Duration#ZERO} (the default) never closes an idle connection
 */
public record NbdServerConfig(String exportName, String description, int maxPayload, int ioChunk,
                              int maxConnections, Duration handshakeTimeout, Duration shutdownGrace,
                              Duration idleTimeout) {

    /** 32 MiB: the payload every NBD client may assume (proto.md "Size constraints"). */
    public static final int DEFAULT_MAX_PAYLOAD = 32 << 20;
    public static final int DEFAULT_IO_CHUNK = 1 << 20;

    public NbdServerConfig {
        Objects.requireNonNull(exportName, "exportName");
        Objects.requireNonNull(description, "description");
        if (exportName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
            throw new IllegalArgumentException("export name longer than 4096 bytes");
        }
        if (maxPayload < NbdBackend.VDO_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxPayload must be at least 4096: " + maxPayload);
        }
        if (ioChunk < 65536 || Integer.bitCount(ioChunk) != 1) {
            throw new IllegalArgumentException("ioChunk must be a power of two >= 64 KiB: " + ioChunk);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
    }

    public static NbdServerConfig defaults() {
        return new NbdServerConfig("vdo", "vdobench reference VDO volume", DEFAULT_MAX_PAYLOAD,
                DEFAULT_IO_CHUNK, 256, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO);
    }

    public NbdServerConfig withExportName(String name, String text) {
        return new NbdServerConfig(name, text, maxPayload, ioChunk, maxConnections, handshakeTimeout, shutdownGrace,
                idleTimeout);
    }

    public NbdServerConfig withMaxConnections(int max) {
        return new NbdServerConfig(exportName, description, maxPayload, ioChunk, max, handshakeTimeout, shutdownGrace,
                idleTimeout);
    }

    public NbdServerConfig withHandshakeTimeout(Duration timeout) {
        return new NbdServerConfig(exportName, description, maxPayload, ioChunk, maxConnections, timeout, shutdownGrace,
                idleTimeout);
    }

    public NbdServerConfig withMaxPayload(int max) {
        return new NbdServerConfig(exportName, description, max, ioChunk, maxConnections, handshakeTimeout, shutdownGrace,
                idleTimeout);
    }

    /** {@link Duration#ZERO} turns the idle timeout off. */
    public NbdServerConfig withIdleTimeout(Duration timeout) {
        return new NbdServerConfig(exportName, description, maxPayload, ioChunk, maxConnections, handshakeTimeout,
                shutdownGrace, timeout);
    }
}
