package io.vdobench.nbd;

import static io.vdobench.nbd.NbdProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class NbdNegotiationTest {
    static final long SIZE = 16L << 20;
    MemoryNbdBackend backend;
    NbdServer server;

    @BeforeEach
    void start() throws Exception {
        backend = new MemoryNbdBackend(SIZE);
        server = NbdServer.startTcp(backend, NbdServerConfig.defaults(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] block(int seed) {
        byte[] b = new byte[4096];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    /** Proves a connection is in transmission phase and working. */
    private static void assertTransmits(NbdTestClient c, long offset, int seed) throws Exception {
        assertEquals(0, c.write(offset, block(seed)));
        var r = c.read(offset, 4096);
        assertEquals(0, r.error());
        assertArrayEquals(block(seed), r.data());
    }

    @Test
    void greetingIsFixedNewstyleWithNoZeroes() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            var g = c.readGreeting();
            assertEquals(NBDMAGIC, g.magic());
            assertEquals(IHAVEOPT, g.ihaveopt());
            assertEquals(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES, g.handshakeFlags());
        }
        assertTrue(server.port() > 0);
        assertTrue(server.uri().startsWith("nbd://127.0.0.1:" + server.port() + "/"));
    }

    @Test
    void goReportsExportAndBlockSizeThenTransmits() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            var info = c.go("", INFO_BLOCK_SIZE);
            assertNotNull(info);
            assertEquals(SIZE, info.size());
            assertEquals(FLAG_HAS_FLAGS | FLAG_SEND_FLUSH | FLAG_SEND_FUA | FLAG_SEND_TRIM | FLAG_CAN_MULTI_CONN,
                    info.flags(), "transmission flags");
            assertEquals(4096, info.minBlock());
            assertEquals(4096, info.preferredBlock());
            assertEquals(32 << 20, info.maxPayload());
            for (var r : info.replies()) {
                assertEquals(OPTION_REPLY_MAGIC, r.magic());
                assertEquals(OPT_GO, r.option());
            }
            assertTransmits(c, 0, 1);
        }
    }

    @Test
    void goByCanonicalNameReturnsNameAndDescriptionWhenAsked() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE);
            var info = c.go("vdo", INFO_NAME, INFO_DESCRIPTION, 0x7777 /* unknown: ignored */);
            assertNotNull(info);
            String name = null, description = null;
            for (var r : info.replies()) {
                if (r.type() != REP_INFO) {
                    continue;
                }
                ByteBuffer b = r.buffer();
                int t = b.getShort();
                byte[] rest = new byte[b.remaining()];
                b.get(rest);
                if (t == INFO_NAME) {
                    name = new String(rest, StandardCharsets.UTF_8);
                } else if (t == INFO_DESCRIPTION) {
                    description = new String(rest, StandardCharsets.UTF_8);
                }
            }
            assertEquals("vdo", name);
            assertEquals(NbdServerConfig.defaults().description(), description);
            assertTransmits(c, 4096, 2);
        }
    }

    @Test
    void infoDoesNotEnterTransmissionAndUnknownExportIsAnError() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            var info = c.info("");
            assertNotNull(info);
            assertEquals(SIZE, info.size());
            List<NbdTestClient.OptionReply> unknown = c.option(OPT_GO, NbdTestClient.infoRequest("nope"));
            assertEquals(1, unknown.size(), "no NBD_REP_INFO before ERR_UNKNOWN");
            assertEquals(REP_ERR_UNKNOWN, unknown.getFirst().type());
            assertNotNull(c.go("vdo", INFO_BLOCK_SIZE), "still negotiating after the errors");
            assertTransmits(c, 8192, 3);
        }
    }

    @Test
    void malformedGoIsInvalidAndNegotiationContinues() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            // shorter than the 6 mandatory bytes
            assertEquals(REP_ERR_INVALID, c.option(OPT_GO, new byte[3]).getLast().type());
            // name length pointing past the data
            assertEquals(REP_ERR_INVALID,
                    c.option(OPT_GO, ByteBuffer.allocate(6).putInt(100).putShort((short) 0).array()).getLast().type());
            // request count disagreeing with the length
            assertEquals(REP_ERR_INVALID,
                    c.option(OPT_INFO, ByteBuffer.allocate(8).putInt(0).putShort((short) 3).putShort((short) 0).array())
                            .getLast().type());
            assertNotNull(c.go("", INFO_BLOCK_SIZE));
            assertTransmits(c, 0, 4);
        }
    }

    @Test
    void listNamesTheExport() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            var replies = c.option(OPT_LIST, new byte[0]);
            assertEquals(2, replies.size());
            assertEquals(REP_SERVER, replies.get(0).type());
            ByteBuffer b = replies.get(0).buffer();
            int len = b.getInt();
            assertEquals("vdo", new String(replies.get(0).data(), 4, len, StandardCharsets.UTF_8));
            assertEquals(REP_ACK, replies.get(1).type());
            assertEquals(REP_ERR_INVALID, c.option(OPT_LIST, new byte[] {1}).getLast().type());
        }
    }

    @Test
    void unsupportedOptionsGetErrUnsup() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            for (int opt : new int[] {OPT_STARTTLS, OPT_STRUCTURED_REPLY, OPT_SET_META_CONTEXT,
                    OPT_EXTENDED_HEADERS, 4, 99, 0x7fffffff}) {
                var replies = c.option(opt, new byte[] {1, 2, 3});
                assertEquals(1, replies.size());
                assertEquals(REP_ERR_UNSUP, replies.getFirst().type(), "option " + opt);
                assertEquals(opt, replies.getFirst().option());
            }
            assertNotNull(c.go("", INFO_BLOCK_SIZE));
            assertTransmits(c, 0, 5);
        }
    }

    @Test
    void oversizedOptionDataIsDrainedAndRefused() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            var replies = c.option(99, new byte[NbdNegotiation.MAX_OPTION_DATA + 1]);
            assertEquals(REP_ERR_TOO_BIG, replies.getLast().type());
            assertNotNull(c.go("", INFO_BLOCK_SIZE));
            assertTransmits(c, 0, 6);
        }
    }

    @Test
    void abortIsAcknowledgedThenClosed() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            var replies = c.option(OPT_ABORT, new byte[0]);
            assertEquals(REP_ACK, replies.getLast().type());
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
        }
    }

    @Test
    void exportNameWithAndWithoutZeroes() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE);
            c.sendOption(OPT_EXPORT_NAME, "vdo".getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = c.readExactly(8 + 2 + 124);
            assertEquals(SIZE, b.getLong());
            assertEquals(FLAG_HAS_FLAGS, b.getShort() & FLAG_HAS_FLAGS);
            while (b.hasRemaining()) {
                assertEquals(0, b.get());
            }
            assertTransmits(c, 0, 7);
        }
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            c.sendOption(OPT_EXPORT_NAME, new byte[0]);
            ByteBuffer b = c.readExactly(10);
            assertEquals(SIZE, b.getLong());
            assertTransmits(c, 0, 8); // no 124 zeroes in between
        }
    }

    @Test
    void exportNameForUnknownExportClosesOnlyThatConnection() throws Exception {
        try (var other = NbdTestClient.connectGo(server.address());
             var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            c.sendOption(OPT_EXPORT_NAME, "missing".getBytes(StandardCharsets.UTF_8));
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
            assertTransmits(other, 0, 9);
        }
    }

    @Test
    void badOptionMagicClosesThatConnectionAndServerKeepsServing() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
        }
        try (var c = NbdTestClient.connectGo(server.address())) {
            assertTransmits(c, 0, 10);
        }
        assertTrue(server.stats().protocolErrors() >= 1);
        assertTrue(server.stats().handshakesFailed() >= 1);
    }

    @Test
    void unknownClientFlagsCloseTheConnection() throws Exception {
        try (var c = NbdTestClient.connect(server.address())) {
            c.handshake(FLAG_C_FIXED_NEWSTYLE | 0x100);
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
        }
        try (var c = NbdTestClient.connectGo(server.address())) {
            assertTransmits(c, 0, 11);
        }
    }

    @Test
    void clientVanishingDuringNegotiationIsHarmless() throws Exception {
        for (int cut : new int[] {0, 2, 4, 12, 20}) {
            try (var c = NbdTestClient.connect(server.address())) {
                c.readGreeting();
                ByteBuffer b = ByteBuffer.allocate(24);
                b.putInt(FLAG_C_FIXED_NEWSTYLE).putLong(IHAVEOPT).putInt(OPT_GO).putInt(40).putInt(0);
                c.send(Arrays.copyOf(b.array(), cut));
            }
        }
        try (var c = NbdTestClient.connectGo(server.address())) {
            assertTransmits(c, 0, 12);
        }
        waitForActive(server, 0);
    }

    @Test
    void stalledNegotiationTimesOut() throws Exception {
        server.close();
        server = NbdServer.startTcp(backend, NbdServerConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)), 0);
        try (var c = NbdTestClient.connect(server.address())) {
            c.readGreeting(); // then say nothing
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)), "server closed the idle negotiation");
        }
        try (var c = NbdTestClient.connectGo(server.address())) {
            Thread.sleep(600); // past the handshake timeout: transmission is never timed out
            assertTransmits(c, 0, 13);
        }
    }

    @Test
    void handshakeTimersEndWithTheirConnections() throws Exception {
        // Default 30 s handshake timeout: any timer left queued would outlive its connection by that long.
        for (int i = 0; i < 20; i++) {
            try (var c = NbdTestClient.connect(server.address())) {
                c.readGreeting(); // gone mid-negotiation
            }
            try (var c = NbdTestClient.connectGo(server.address())) {
                assertTransmits(c, 4096L * i, i); // negotiated, then gone
            }
        }
        waitForActive(server, 0);
        assertEquals(0, server.pendingTimerTasks(), "no handshake timer outlives its connection");
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        server.close();
        server = NbdServer.startTcp(backend, NbdServerConfig.defaults().withMaxConnections(2), 0);
        try (var a = NbdTestClient.connectGo(server.address());
             var b = NbdTestClient.connectGo(server.address());
             var c = NbdTestClient.connect(server.address())) {
            assertThrows(EOFException.class, c::readGreeting);
            assertTransmits(a, 0, 14);
            assertTransmits(b, 4096, 15);
        }
        assertEquals(1, server.stats().connectionsRefused());
        waitForActive(server, 0);
        try (var c = NbdTestClient.connectGo(server.address())) {
            assertTransmits(c, 0, 16);
        }
    }

    @Test
    void servesOnAUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("nbd.sock");
        try (NbdServer unix = NbdServer.startUnix(backend, NbdServerConfig.defaults(), sock)) {
            assertEquals(-1, unix.port());
            assertTrue(unix.uri().startsWith("nbd+unix:///vdo?socket="));
            try (var c = NbdTestClient.connectGo(unix.address())) {
                assertTransmits(c, 0, 17);
            }
            // Data is shared with the TCP listener on the same backend.
            try (var c = NbdTestClient.connectGo(server.address())) {
                assertArrayEquals(block(17), c.read(0, 4096).data());
            }
        }
        assertFalse(sock.toFile().exists(), "socket file removed on close");
    }

    static void waitForActive(NbdServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.stats().connectionsActive() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.stats().connectionsActive(), "active connections");
    }
}
