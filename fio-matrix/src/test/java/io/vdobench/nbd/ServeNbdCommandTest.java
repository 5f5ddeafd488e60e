package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ServeNbdCommandTest {

    @Test
    void optionsRejectWhatNoServerCanServe() {
        NbdServerConfig d = NbdServerConfig.defaults();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ServeNbdCommand.Options(0, null, 1 << 20, "lz4", ServeNbdCommand.Storage.FILE, null, null, d));
        assertTrue(e.getMessage().contains("--file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ServeNbdCommand.Options(0, null, 3072, "lz4", ServeNbdCommand.Storage.MEMORY, null, null, d));
        assertTrue(e.getMessage().contains("3072"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ServeNbdCommand.Options(70000, null, 1 << 20, "lz4", ServeNbdCommand.Storage.MEMORY, null, null, d));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
    }

    @Test
    void servesMemoryOverTcpPrintsStatsOnRequestAndOnQuit(@TempDir Path dir) throws Exception {
        Path portFile = dir.resolve("port");
        var o = new ServeNbdCommand.Options(0, null, 16L << 20, "lz4", ServeNbdCommand.Storage.MEMORY, null, portFile,
                NbdServerConfig.defaults());
        String out = serveAndExercise(o, () -> new InetSocketAddress("127.0.0.1",
                Integer.parseInt(Files.readString(portFile).trim())), () -> Files.exists(portFile));
        assertTrue(out.contains("serving 16777216 bytes (policy lz4, storage memory) at nbd://127.0.0.1:"), out);
        assertTrue(out.contains("write requests           : 1"), "stats on request:\n" + out);
        assertTrue(out.contains("policy 'lz4' is not applied"), out);
        assertTrue(out.contains("final statistics:"), out);
        assertTrue(out.contains("blocks written           : 2"), out);
    }

    @Test
    void servesAFileOverAUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("s");
        Path img = dir.resolve("vol.img");
        var o = new ServeNbdCommand.Options(0, sock, 8L << 20, "lz4", ServeNbdCommand.Storage.FILE, img, null,
                NbdServerConfig.defaults());
        String out = serveAndExercise(o, () -> UnixDomainSocketAddress.of(sock), () -> Files.exists(sock));
        assertTrue(out.contains("at nbd+unix:///vdo?socket=" + sock), out);
        assertEquals(8 << 20, Files.size(img));
        byte[] onDisk = Arrays.copyOfRange(Files.readAllBytes(img), 4096, 12288);
        assertArrayEquals(pattern(), onDisk, "data reached the file");
        assertFalse(Files.exists(sock));
    }

    interface Addr { SocketAddress get() throws Exception; }
    interface Ready { boolean get() throws Exception; }

    private static byte[] pattern() {
        byte[] b = new byte[8192];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 13);
        }
        return b;
    }

    /** Runs the command, writes 8 KiB through NBD, asks for stats, quits; returns everything printed. */
    private static String serveAndExercise(ServeNbdCommand.Options o, Addr addr, Ready ready) throws Exception {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var commands = new PipedOutputStream();
        var in = new PipedInputStream(commands);
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> rc = exec.submit(() -> ServeNbdCommand.run(o, ServeNbdCommand.RAW_STORAGE, out, in));
            while (!ready.get() || !bytes.toString(StandardCharsets.UTF_8).contains("serving")) {
                assertFalse(rc.isDone(), () -> "command ended early: " + bytes);
                Thread.sleep(20);
            }
            try (var c = NbdTestClient.connectGo(addr.get())) {
                assertEquals(0, c.write(4096, pattern()));
                assertEquals(0, c.flush());
                c.disc();
            }
            commands.write("stats\n".getBytes(StandardCharsets.UTF_8));
            commands.flush();
            while (!bytes.toString(StandardCharsets.UTF_8).contains("connections accepted")) {
                Thread.sleep(20);
            }
            commands.write("quit\n".getBytes(StandardCharsets.UTF_8));
            commands.flush();
            assertEquals(0, rc.get(10, TimeUnit.SECONDS));
        } finally {
            exec.shutdownNow();
            commands.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
