package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class NbdServerSetupTest {

    @Test
    void rejectsBackendsThatBreakTheContract() {
        NbdBackend odd = new BlockwiseNbdBackendTest.HashMapVolume(4) {
            @Override
            public boolean flushCoversAllConnections() {
                return false;
            }
        };
        assertThrows(IllegalArgumentException.class,
                () -> NbdServer.startTcp(new MemoryNbdBackend(1 << 20), NbdServerConfig.defaults().withMaxPayload(5000), 0));
        assertThrows(IllegalArgumentException.class, () -> NbdServer.startTcp(new MemoryNbdBackend(1 << 20), NbdServerConfig.defaults(), 70000));
        assertThrows(IllegalArgumentException.class, () -> NbdServerConfig.defaults().withMaxConnections(0));
        assertThrows(IllegalArgumentException.class, () -> NbdServerConfig.defaults().withMaxPayload(100));
        // A backend whose flush is per-connection must not be advertised as multi-conn.
        try (var server = NbdServer.startTcp(odd, NbdServerConfig.defaults(), 0);
             var c = NbdTestClient.connect(server.address())) {
            c.handshake(NbdProtocol.FLAG_C_FIXED_NEWSTYLE | NbdProtocol.FLAG_C_NO_ZEROES);
            var info = c.go("");
            assertEquals(0, info.flags() & NbdProtocol.FLAG_CAN_MULTI_CONN);
            assertEquals(4 * 4096, info.size());
        } catch (IOException e) {
            fail(e);
        }
    }

    @Test
    void unixSocketReplacesAStaleSocketButNeverARegularFile(@TempDir Path dir) throws Exception {
        Path regular = dir.resolve("data.img");
        Files.writeString(regular, "precious");
        assertThrows(IOException.class, () -> NbdServer.startUnix(new MemoryNbdBackend(1 << 20), NbdServerConfig.defaults(), regular));
        assertEquals("precious", Files.readString(regular));

        Path sock = dir.resolve("s");
        var first = NbdServer.startUnix(new MemoryNbdBackend(1 << 20), NbdServerConfig.defaults(), sock);
        first.close();
        assertFalse(Files.exists(sock));
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(sock));
        } // closed without unlinking: a stale socket file
        assertTrue(Files.exists(sock));
        try (var second = NbdServer.startUnix(new MemoryNbdBackend(1 << 20), NbdServerConfig.defaults(), sock);
             var c = NbdTestClient.connectGo(second.address())) {
            assertEquals(0, c.flush());
        }
    }
}
