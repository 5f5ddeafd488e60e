package io.vdobench.nbd;

import static io.vdobench.nbd.NbdProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NbdTransmissionTest {
    static final long SIZE = 16L << 20;
    static final int MAX_PAYLOAD = 1 << 20; // small limit keeps the oversize tests cheap
    CountingBackend backend;
    NbdServer server;

    @BeforeEach
    void start() throws Exception {
        backend = new CountingBackend(new MemoryNbdBackend(SIZE));
        server = NbdServer.startTcp(backend, NbdServerConfig.defaults().withMaxPayload(MAX_PAYLOAD), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    NbdTestClient client() throws IOException {
        return NbdTestClient.connectGo(server.address());
    }

    @Test
    void writeThenReadRoundTripsIncludingMultiChunkRequests() throws Exception {
        server.close();
        server = NbdServer.startTcp(backend, NbdServerConfig.defaults(), 0); // 32 MiB payload, 1 MiB chunks
        try (var c = client()) {
            byte[] small = random(4096, 1);
            byte[] big = random(3 * (1 << 20) + 8192, 2); // spans four I/O chunks
            assertEquals(0, c.write(0, small));
            assertEquals(0, c.write(1 << 20, big));
            assertArrayEquals(small, c.read(0, 4096).data());
            assertArrayEquals(big, c.read(1 << 20, big.length).data());
        }
        assertEquals(2, server.stats().writes());
        assertEquals(4096 + 3 * (1 << 20) + 8192, server.stats().bytesWritten());
    }

    @Test
    void unwrittenBlocksReadAsZeroesAndTrimmedBlocksToo() throws Exception {
        try (var c = client()) {
            assertArrayEquals(new byte[8192], c.read(40960, 8192).data());
            assertEquals(0, c.write(0, random(16384, 3)));
            assertEquals(0, c.trim(4096, 8192));
            byte[] back = c.read(0, 16384).data();
            byte[] expected = random(16384, 3);
            java.util.Arrays.fill(expected, 4096, 12288, (byte) 0);
            assertArrayEquals(expected, back);
        }
        assertEquals(1, server.stats().trims());
    }

    @Test
    void zeroLengthRequestsAreInvalidNeverReachTheBackendAndAreLoggedOnce() throws Exception {
        List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(NbdConnection.class.getName()); // held: JUL keeps loggers weakly
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { logged.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        log.addHandler(h);
        try {
            try (var c = client()) {
                for (int i = 0; i < 300; i++) {
                    assertEquals(EINVAL, c.read(SIZE - 4096, 0).error(), "zero-length read");
                    assertEquals(EINVAL, c.write(4096, new byte[0]), "zero-length write");
                    assertEquals(EINVAL, c.trim(0, 0), "zero-length trim");
                }
                assertEquals(0, c.write(0, random(4096, 29)), "the connection stays usable");
            }
            NbdNegotiationTest.waitForActive(server, 0);
        } finally {
            log.removeHandler(h);
        }
        assertEquals(900, server.stats().errorReplies(EINVAL));
        assertEquals(1, backend.writes.get(), "only the valid write reached the backend");
        assertEquals(0, backend.reads.get());
        assertEquals(0, backend.trims.get());
        List<String> lines = logged.stream().map(LogRecord::getMessage).toList();
        assertEquals(2, lines.size(), "the first rejection and the count at close: " + lines);
        assertTrue(lines.get(0).contains("rejected READ offset " + (SIZE - 4096) + " length 0"), lines.get(0));
        assertTrue(lines.get(1).contains("900 invalid requests"), lines.get(1));
    }

    @Test
    void flushAndFuaReachTheBackend() throws Exception {
        try (var c = client()) {
            assertEquals(0, c.flush());
            assertEquals(1, backend.flushes.get());
            assertEquals(0, c.write(0, random(4096, 4), CMD_FLAG_FUA));
            assertEquals(2, backend.flushes.get(), "FUA write flushes before replying");
            assertEquals(0, c.command(CMD_FLAG_FUA, CMD_TRIM, 0, 4096));
            assertEquals(3, backend.flushes.get(), "FUA trim flushes too");
            assertEquals(EINVAL, c.command(0, CMD_FLUSH, 4096, 0), "flush with a nonzero offset");
            assertEquals(0, c.flush());
        }
    }

    @Test
    void requestsBeyondTheExportFailAndTheConnectionStaysUsable() throws Exception {
        try (var c = client()) {
            byte[] data = random(8192, 5);
            assertEquals(ENOSPC, c.write(SIZE - 4096, data), "write crossing the end");
            assertEquals(ENOSPC, c.write(SIZE, random(4096, 6)), "write at the end");
            assertEquals(ENOSPC, c.write(Long.MIN_VALUE, random(4096, 6)), "offset >= 2^63");
            assertEquals(EINVAL, c.read(SIZE - 4096, 8192).error(), "read crossing the end");
            assertEquals(EINVAL, c.read(-4096L, 4096).error(), "offset near 2^64");
            assertEquals(EINVAL, c.trim(SIZE, 4096), "trim past the end");
            assertEquals(0, c.write(SIZE - 4096, random(4096, 7)));
            assertArrayEquals(random(4096, 7), c.read(SIZE - 4096, 4096).data());
        }
        assertEquals(3, server.stats().errorReplies(ENOSPC));
        assertEquals(3, server.stats().errorReplies(EINVAL));
        assertEquals(1, backend.writes.get(), "rejected writes never reach the backend");
    }

    @Test
    void misalignedRequestsAreInvalidWithoutTouchingData() throws Exception {
        try (var c = client()) {
            byte[] base = random(16384, 8);
            assertEquals(0, c.write(0, base));
            assertEquals(EINVAL, c.write(512, random(4096, 9)), "unaligned offset");
            assertEquals(EINVAL, c.write(0, random(4096 + 512, 9)), "unaligned length");
            assertEquals(EINVAL, c.write(0, random(1, 9)), "one byte");
            assertEquals(EINVAL, c.read(100, 4096).error());
            assertEquals(EINVAL, c.read(0, 4000).error());
            assertEquals(EINVAL, c.trim(4096, 100));
            assertEquals(EINVAL, c.trim(1, 4096));
            assertArrayEquals(base, c.read(0, 16384).data(), "data untouched, stream in sync");
        }
        assertEquals(1, backend.writes.get());
    }

    @Test
    void oversizedRequestsAreInvalidAndPayloadIsDrained() throws Exception {
        try (var c = client()) {
            assertEquals(EINVAL, c.read(0, MAX_PAYLOAD + 4096).error());
            assertEquals(EINVAL, c.write(0, random(MAX_PAYLOAD + 4096, 10)));
            assertEquals(0, c.read(0, MAX_PAYLOAD).error(), "exactly the maximum is fine");
            assertEquals(0, c.write(0, random(MAX_PAYLOAD, 11)));
            // Trim has no payload: lengths above the payload limit are fine.
            assertEquals(0, c.trim(0, 8L << 20));
            assertArrayEquals(new byte[4096], c.read(0, 4096).data());
        }
        assertEquals(MAX_PAYLOAD + 4096, server.stats().bytesDrained.sum());
    }

    @Test
    void unknownCommandsAndFlagsAreInvalid() throws Exception {
        try (var c = client()) {
            for (int type : new int[] {CMD_CACHE, CMD_WRITE_ZEROES, CMD_BLOCK_STATUS, 8, 42, 0xffff}) {
                assertEquals(EINVAL, c.command(0, type, 0, 4096), "command " + type);
            }
            assertEquals(EINVAL, c.command(CMD_FLAG_DF, CMD_READ, 0, 4096), "DF without structured replies");
            assertEquals(EINVAL, c.command(CMD_FLAG_NO_HOLE, CMD_TRIM, 0, 4096));
            assertEquals(EINVAL, c.command(0x8000, CMD_FLUSH, 0, 0));
            assertEquals(0, c.write(0, random(4096, 12)));
            assertArrayEquals(random(4096, 12), c.read(0, 4096).data());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (var c = client()) {
            byte[] a = random(4096, 13);
            byte[] b = random(8192, 14);
            long h1 = c.sendRequest(0, CMD_WRITE, 0, a.length, a);
            long h2 = c.sendRequest(0, CMD_WRITE, 4096, b.length, b);
            long h3 = c.sendRequest(0, CMD_READ, 0, 12288, null);
            long h4 = c.sendRequest(0, CMD_READ, 1, 4096, null); // invalid: no payload follows
            long h5 = c.sendRequest(0, CMD_FLUSH, 0, 0, null);
            assertEquals(h1, c.readReply(0).handle());
            assertEquals(h2, c.readReply(0).handle());
            var r3 = c.readReply(12288);
            assertEquals(h3, r3.handle());
            ByteBuffer expect = ByteBuffer.allocate(12288).put(a).put(b);
            assertArrayEquals(expect.array(), r3.data());
            var r4 = c.readReply(4096);
            assertEquals(h4, r4.handle());
            assertEquals(EINVAL, r4.error());
            assertEquals(h5, c.readReply(0).handle());
        }
    }

    @Test
    void discClosesTheConnectionSoftly() throws Exception {
        try (var c = client()) {
            assertEquals(0, c.write(0, random(4096, 15)));
            c.disc();
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
        }
        NbdNegotiationTest.waitForActive(server, 0);
        assertEquals(1, server.stats().softDisconnects());
    }

    @Test
    void badRequestMagicDropsOnlyThatConnection() throws Exception {
        try (var good = client(); var bad = client()) {
            bad.send(new byte[NbdProtocol.REQUEST_HEADER_BYTES]); // all zero: wrong magic
            assertTrue(bad.closedByServerWithin(Duration.ofSeconds(5)));
            assertEquals(0, good.write(0, random(4096, 16)));
            assertArrayEquals(random(4096, 16), good.read(0, 4096).data());
        }
        assertTrue(server.stats().protocolErrors() >= 1);
    }

    @Test
    void clientVanishingMidRequestDropsOnlyThatConnection() throws Exception {
        try (var good = client()) {
            byte[] base = random(65536, 17);
            assertEquals(0, good.write(0, base));
            long before = server.stats().hardDisconnects();

            try (var c = client()) { // header + half the payload, then gone
                ByteBuffer req = ByteBuffer.allocate(REQUEST_HEADER_BYTES + 32768);
                req.putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_WRITE).putLong(1)
                        .putLong(0).putInt(65536).put(random(32768, 18));
                c.send(req.array());
            }
            try (var c = client()) { // half a header
                c.send(java.util.Arrays.copyOf(ByteBuffer.allocate(8).putInt(REQUEST_MAGIC).array(), 10));
            }
            try (var c = client()) { // a read request, gone before the reply
                c.sendRequest(0, CMD_READ, 0, 1 << 20, null);
            }
            NbdNegotiationTest.waitForActive(server, 1);
            assertEquals(before + 3, server.stats().hardDisconnects());
            assertArrayEquals(base, good.read(0, 65536).data(), "the half-sent write was not applied");
            assertEquals(0, good.write(65536, random(4096, 19)));
        }
    }

    @Test
    void concurrentClientsWritingDistinctRegionsKeepTheirData() throws Exception {
        int clients = 8;
        long region = SIZE / clients;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    try (var c = client()) {
                        Random rnd = new Random(id);
                        long base = id * region;
                        for (int round = 0; round < 40; round++) {
                            int blocks = 1 + rnd.nextInt(16);
                            long off = base + 4096L * rnd.nextInt((int) (region / 4096) - blocks);
                            byte[] data = random(blocks * 4096, id * 1000L + round);
                            assertEquals(0, c.write(off, data));
                            assertArrayEquals(data, c.read(off, data.length).data());
                        }
                        // A deterministic final pattern over the whole region, verified below.
                        for (long off = base; off < base + region; off += 65536) {
                            assertEquals(0, c.write(off, random(65536, off)));
                        }
                        assertEquals(0, c.flush());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (var c = client()) {
            for (long off = 0; off < SIZE; off += 65536) {
                assertArrayEquals(random(65536, off), c.read(off, 65536).data(), "offset " + off);
            }
        }
    }

    @Test
    void nothingWrittenBeforeIsLostAfterMisbehavingClients() throws Exception {
        byte[] pattern = random(1 << 20, 20);
        try (var c = client()) {
            assertEquals(0, c.write(2 << 20, pattern));
            assertEquals(0, c.flush());
        }
        // A parade of bad clients.
        try (var c = NbdTestClient.connect(server.address())) {
            c.send(new byte[] {'G', 'A', 'R', 'B', 'A', 'G', 'E', '!', 0, 0, 0, 0, 1, 2, 3, 4});
        }
        try (var c = client()) {
            c.write(2 << 20, random(4097, 21));            // misaligned
            c.write(SIZE, random(4096, 22));               // beyond
            c.write(2 << 20, random(MAX_PAYLOAD + 4096, 23)); // oversized
            c.command(0, 99, 2 << 20, 4096);               // unknown
            c.send(ByteBuffer.allocate(REQUEST_HEADER_BYTES + 100).putInt(REQUEST_MAGIC).putShort((short) 0)
                    .putShort((short) CMD_WRITE).putLong(9).putLong(2 << 20).putInt(1 << 20).array()); // vanishes
        }
        try (var c = client()) {
            c.send(new byte[REQUEST_HEADER_BYTES]); // bad magic
            c.closedByServerWithin(Duration.ofSeconds(5));
        }
        NbdNegotiationTest.waitForActive(server, 0);
        try (var c = client()) {
            assertArrayEquals(pattern, c.read(2 << 20, 1 << 20).data());
        }
    }

    @Test
    void backendFailuresBecomeErrorRepliesAndTheConnectionContinues() throws Exception {
        server.close();
        NbdBackend failing = new CountingBackend(new MemoryNbdBackend(SIZE)) {
            @Override
            public void write(long offset, byte[] src, int off, int len) throws IOException {
                if (offset == 0) {
                    throw new NbdNoSpaceException("volume full");
                }
                if (offset == 4096) {
                    throw new IOException("media error");
                }
                if (offset == 8192) {
                    throw new IllegalStateException("bug in the backend");
                }
                super.write(offset, src, off, len);
            }

            @Override
            public void read(long offset, byte[] dst, int off, int len) throws IOException {
                if (offset == 12288) {
                    throw new IOException("unreadable");
                }
                super.read(offset, dst, off, len);
            }
        };
        server = NbdServer.startTcp(failing, NbdServerConfig.defaults(), 0);
        try (var c = client()) {
            assertEquals(ENOSPC, c.write(0, random(4096, 24)));
            assertEquals(EIO, c.write(4096, random(4096, 25)));
            assertEquals(EIO, c.write(8192, random(4096, 26)));
            assertEquals(EIO, c.read(12288, 4096).error());
            assertEquals(0, c.write(16384, random(4096, 27)));
            assertArrayEquals(random(4096, 27), c.read(16384, 4096).data());
        }
    }

    @Test
    void idleTimeoutClosesSilentConnectionsButNotBusyOnesOrSlowRequests() throws Exception {
        server.close();
        NbdBackend slow = new CountingBackend(new MemoryNbdBackend(SIZE)) {
            @Override
            public void flush() throws IOException {
                try {
                    Thread.sleep(800); // a request longer than the idle timeout
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                super.flush();
            }
        };
        server = NbdServer.startTcp(slow, NbdServerConfig.defaults().withIdleTimeout(Duration.ofMillis(300)), 0);
        try (var busy = client(); var silent = client()) {
            assertEquals(0, busy.flush(), "a request in progress is never cut");
            for (int i = 0; i < 10; i++) {
                assertEquals(0, busy.write(0, random(4096, 30 + i)));
                Thread.sleep(100);
            }
            assertTrue(silent.closedByServerWithin(Duration.ofSeconds(5)), "silent connection closed");
            assertEquals(0, busy.write(4096, random(4096, 41)), "the busy connection is still open");
        }
        assertEquals(1, server.stats().idleTimeouts());
    }

    @Test
    void withoutAnIdleTimeoutSilentConnectionsStay() throws Exception {
        try (var c = client()) {
            assertFalse(c.closedByServerWithin(Duration.ofMillis(500)));
        }
        assertEquals(0, server.stats().idleTimeouts());
    }

    @Test
    void closingTheServerEndsIdleConnections() throws Exception {
        try (var c = client()) {
            assertEquals(0, c.write(0, random(4096, 28)));
            long t0 = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos(), "close does not wait for idle clients");
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
        }
        assertThrows(IOException.class, () -> NbdTestClient.connect(server.address()).readGreeting());
    }

    /** Delegating backend that counts calls. */
    static class CountingBackend implements NbdBackend {
        final NbdBackend inner;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger trims = new AtomicInteger();

        CountingBackend(NbdBackend inner) {
            this.inner = inner;
        }

        @Override public long sizeBytes() { return inner.sizeBytes(); }
        @Override public int blockSize() { return inner.blockSize(); }
        @Override public void read(long offset, byte[] dst, int off, int len) throws IOException {
            reads.incrementAndGet();
            inner.read(offset, dst, off, len);
        }
        @Override public void write(long offset, byte[] src, int off, int len) throws IOException {
            writes.incrementAndGet();
            inner.write(offset, src, off, len);
        }
        @Override public void flush() throws IOException {
            flushes.incrementAndGet();
            inner.flush();
        }
        @Override public void trim(long offset, long len) throws IOException {
            trims.incrementAndGet();
            inner.trim(offset, len);
        }
        @Override public String statistics() { return inner.statistics(); }
    }
}
