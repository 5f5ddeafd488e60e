package io.vdobench.nbd;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Protocol-level counters of one {@link NbdServer}; thread-safe, cheap to update per request. */
public final class NbdServerStats {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final AtomicInteger connectionsActive = new AtomicInteger();
    final LongAdder handshakesCompleted = new LongAdder();
    final LongAdder handshakesFailed = new LongAdder();
    final LongAdder softDisconnects = new LongAdder();
    final LongAdder hardDisconnects = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder flushes = new LongAdder();
    final LongAdder trims = new LongAdder();
    final LongAdder bytesTrimmed = new LongAdder();
    final LongAdder fuaRequests = new LongAdder();
    final LongAdder bytesDrained = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> errorReplies = new ConcurrentHashMap<>();

    void errorReply(int nbdError) {
        errorReplies.computeIfAbsent(nbdError, k -> new LongAdder()).increment();
    }

    public long connectionsAccepted() { return connectionsAccepted.sum(); }
    public long connectionsRefused() { return connectionsRefused.sum(); }
    public int connectionsActive() { return connectionsActive.get(); }
    public long handshakesCompleted() { return handshakesCompleted.sum(); }
    public long handshakesFailed() { return handshakesFailed.sum(); }
    public long protocolErrors() { return protocolErrors.sum(); }
    public long hardDisconnects() { return hardDisconnects.sum(); }
    /** Connections closed by the idle timeout (also counted as hard disconnects). */
    public long idleTimeouts() { return idleTimeouts.sum(); }
    public long softDisconnects() { return softDisconnects.sum(); }
    public long reads() { return reads.sum(); }
    public long bytesRead() { return bytesRead.sum(); }
    public long writes() { return writes.sum(); }
    public long bytesWritten() { return bytesWritten.sum(); }
    public long flushes() { return flushes.sum(); }
    public long trims() { return trims.sum(); }

    /** Error replies sent, keyed by NBD error value. */
    public Map<Integer, Long> errorReplies() {
        Map<Integer, Long> copy = new TreeMap<>();
        errorReplies.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long errorReplies(int nbdError) {
        LongAdder a = errorReplies.get(nbdError);
        return a == null ? 0 : a.sum();
    }

    /** vdostats-like text: {@code name : value}, one per line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, "connections accepted", connectionsAccepted.sum());
        line(sb, "connections refused", connectionsRefused.sum());
        line(sb, "connections active", connectionsActive.get());
        line(sb, "handshakes completed", handshakesCompleted.sum());
        line(sb, "handshakes failed", handshakesFailed.sum());
        line(sb, "soft disconnects", softDisconnects.sum());
        line(sb, "hard disconnects", hardDisconnects.sum());
        line(sb, "idle timeouts", idleTimeouts.sum());
        line(sb, "protocol errors", protocolErrors.sum());
        line(sb, "read requests", reads.sum());
        line(sb, "bytes read", bytesRead.sum());
        line(sb, "write requests", writes.sum());
        line(sb, "bytes written", bytesWritten.sum());
        line(sb, "flush requests", flushes.sum());
        line(sb, "trim requests", trims.sum());
        line(sb, "bytes trimmed", bytesTrimmed.sum());
        line(sb, "FUA requests", fuaRequests.sum());
        line(sb, "rejected payload drained", bytesDrained.sum());
        errorReplies().forEach((err, n) -> line(sb, "error replies " + NbdProtocol.errorName(err), n));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, long value) {
        sb.append(String.format("%-25s: %d%n", name, value));
    }
}
