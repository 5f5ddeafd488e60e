package io.vdobench.nbd;

import static io.vdobench.nbd.NbdProtocol.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * An NBD server exporting one {@link NbdBackend} on 127.0.0.1 (TCP) or a unix socket.
 *
 * <p>Protocol: fixed newstyle negotiation (see {@link NbdNegotiation}); transmission with simple
 * replies only (structured replies are refused during negotiation) and the commands READ, WRITE,
 * FLUSH, TRIM, DISC; every other command gets NBD_EINVAL. Advertised transmission flags:
 * HAS_FLAGS, SEND_FLUSH, SEND_FUA (the backend's writeFua before the reply), SEND_TRIM, and
 * CAN_MULTI_CONN when the backend's flush covers all connections.
 *
 * <p>Size constraints: minimum = preferred block size = the backend block size (4096 for VDO),
 * maximum payload = {@link NbdServerConfig#maxPayload()}. They are advertised with
 * NBD_INFO_BLOCK_SIZE; requests that break them get NBD_EINVAL (writes past the end get
 * NBD_ENOSPC) and the connection stays usable. No read-modify-write happens in the server.
 *
 * <p>Threads: one accept thread, one platform thread per connection, one timer thread for the
 * handshake timeout (a task per negotiating connection, cancelled when negotiation or the connection
 * ends) and, when {@link NbdServerConfig#idleTimeout()} is set, a periodic sweep that closes
 * connections idle that long. Requests on one connection are served in order.
 */
public final class NbdServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NbdServer.class.getName());

    private final NbdBackend backend;
    private final NbdServerConfig config;
    private final NbdExport export;
    private final ServerSocketChannel listener;
    private final SocketAddress address;
    private final Path unixPath;
    private final NbdServerStats stats = new NbdServerStats();
    private final Set<NbdConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final ThreadFactory connectionThreads = Thread.ofPlatform().name("nbd-conn-", 1).daemon().factory();
    private final ScheduledThreadPoolExecutor timer;
    private final Thread acceptThread;
    private volatile boolean closed;

    private NbdServer(NbdBackend backend, NbdServerConfig config, ServerSocketChannel listener, Path unixPath)
            throws IOException {
        this.backend = backend;
        this.config = config;
        this.listener = listener;
        this.unixPath = unixPath;
        this.address = listener.getLocalAddress();
        int bs = backend.blockSize();
        if (bs < 512 || bs > 65536 || Integer.bitCount(bs) != 1) {
            throw new IllegalArgumentException("backend block size must be a power of two in [512, 65536]: " + bs);
        }
        if (backend.sizeBytes() <= 0 || backend.sizeBytes() % bs != 0) {
            throw new IllegalArgumentException("backend size must be a positive multiple of " + bs);
        }
        if (config.maxPayload() % bs != 0) {
            throw new IllegalArgumentException("maxPayload must be a multiple of the block size " + bs);
        }
        int flags = FLAG_HAS_FLAGS | FLAG_SEND_FLUSH | FLAG_SEND_FUA | FLAG_SEND_TRIM;
        if (backend.flushCoversAllConnections()) {
            flags |= FLAG_CAN_MULTI_CONN;
        }
        this.export = new NbdExport(config.exportName(), config.description(), backend.sizeBytes(), flags,
                bs, config.maxPayload());
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("nbd-timer").daemon().factory());
        timer.setRemoveOnCancelPolicy(true); // a cancelled handshake timer keeps nothing alive
        if (config.idleTimeout().isPositive()) {
            long limit = config.idleTimeout().toNanos();
            // Checked four times per timeout, at most once a second, at least every 10 ms.
            long period = Math.clamp(limit / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
            timer.scheduleAtFixedRate(() -> closeIdle(limit), period, period, TimeUnit.NANOSECONDS);
        }
        this.acceptThread = Thread.ofPlatform().name("nbd-accept").daemon().unstarted(this::acceptLoop);
        acceptThread.start();
    }

    /** Serves on 127.0.0.1:{@code port}; port 0 picks an ephemeral port (see {@link #port()}). */
    public static NbdServer startTcp(NbdBackend backend, NbdServerConfig config, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 128);
            return new NbdServer(Objects.requireNonNull(backend), config, ch, null);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Serves on a unix socket at {@code path}. A stale socket file left by an earlier run is
     * replaced; any other existing file is an error. The socket file is removed on close.
     */
    public static NbdServer startUnix(NbdBackend backend, NbdServerConfig config, Path path) throws IOException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            var attrs = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new IOException("refusing to replace " + path + ": it is not a socket");
            }
            Files.delete(path);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path), 128);
            return new NbdServer(Objects.requireNonNull(backend), config, ch, path);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    public SocketAddress address() {
        return address;
    }

    /** The TCP port, or -1 when serving on a unix socket. */
    public int port() {
        return address instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /** An NBD URI for clients such as libnbd / fio's nbd engine. */
    public String uri() {
        if (address instanceof InetSocketAddress inet) {
            return "nbd://127.0.0.1:" + inet.getPort() + "/" + export.name();
        }
        return "nbd+unix:///" + export.name() + "?socket=" + unixPath;
    }

    public NbdServerStats stats() {
        return stats;
    }

    public NbdBackend backend() {
        return backend;
    }

    /** Server counters followed by the backend's statistics. */
    public String statistics() {
        return "NBD server " + uri() + "\n" + stats.render() + backend.statistics();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "accept failed: " + e);
                continue;
            }
            admit(ch);
        }
    }

    private void admit(SocketChannel ch) {
        stats.connectionsAccepted.increment();
        String peer;
        try {
            SocketAddress remote = ch.getRemoteAddress();
            peer = remote == null ? "unix-client" : remote.toString();
            if (remote instanceof InetSocketAddress) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        }
        if (closed || stats.connectionsActive.get() >= config.maxConnections()) {
            stats.connectionsRefused.increment();
            closeQuietly(ch);
            return;
        }
        stats.connectionsActive.incrementAndGet();
        NbdConnection conn = new NbdConnection(this, ch, backend, export, stats, config.ioChunk(), peer);
        connections.add(conn);
        conn.handshakeTimer(timer.schedule(() -> {
            if (conn.expireNegotiation()) {
                LOG.log(Level.INFO, peer + ": negotiation timed out");
            }
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        Thread t = connectionThreads.newThread(conn);
        threads.add(t);
        t.start();
        if (closed) {
            conn.shutdownInput(); // raced with close(): let it finish promptly
        }
    }

    private void closeIdle(long limitNanos) {
        long now = System.nanoTime();
        for (NbdConnection c : connections) {
            c.expireIdle(now, limitNanos);
        }
    }

    /** Timer tasks still queued: the idle sweep (when configured) plus one per negotiating connection. */
    int pendingTimerTasks() {
        return timer.getQueue().size();
    }

    void connectionEnded(NbdConnection conn) {
        conn.cancelHandshakeTimer();
        conn.close();
        if (connections.remove(conn)) {
            stats.connectionsActive.decrementAndGet();
        }
        threads.remove(Thread.currentThread());
    }

    /**
     * Stops accepting, lets each connection finish the request it is serving (up to the shutdown
     * grace), then closes every socket. The backend is not closed: its owner does that.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(listener);
        try {
            acceptThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (NbdConnection c : connections) {
            c.shutdownInput();
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        for (Thread t : List.copyOf(threads)) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (NbdConnection c : connections) {
            c.close();
        }
        timer.shutdownNow();
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove " + unixPath + ": " + e);
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
