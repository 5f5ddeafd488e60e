package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.nbd.ServeNbdCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve-nbd's checks (the server itself is tested in fio-matrix); bad input rows are in {@link BadInputTest}. */
class ServeNbdCliCommandTest {
    @TempDir
    Path tmp;

    static ServeNbdCommand.Options options(String... args) {
        ServeNbdCliCommand c = new ServeNbdCliCommand();
        new CommandLine(c).parseArgs(args);
        return c.options();
    }

    @Test
    void goodInputIsUnchanged() {
        ServeNbdCommand.Options o = options();
        assertEquals(10809, o.port());
        assertEquals(1L << 30, o.sizeBytes());
        assertEquals(ServeNbdCommand.Storage.MEMORY, o.storage());
        assertEquals("lz4", o.policy());
        assertEquals(Duration.ZERO, o.server().idleTimeout(), "no idle timeout unless asked for");
        o = options("--port", "0", "--size", "64M", "--policy", "iaa", "--export", "v", "--max-connections", "8",
                "--idle-timeout", "5m");
        assertEquals(64L << 20, o.sizeBytes());
        assertEquals("v", o.server().exportName());
        assertEquals(8, o.server().maxConnections());
        assertEquals(Duration.ofMinutes(5), o.server().idleTimeout());
    }

    @Test
    void durations() {
        assertEquals(Duration.ZERO, ServeNbdCliCommand.parseDuration("--x", "0"));
        assertEquals(Duration.ofSeconds(90), ServeNbdCliCommand.parseDuration("--x", "90"));
        assertEquals(Duration.ofSeconds(90), ServeNbdCliCommand.parseDuration("--x", "90s"));
        assertEquals(Duration.ofMillis(250), ServeNbdCliCommand.parseDuration("--x", "250ms"));
        assertEquals(Duration.ofHours(2), ServeNbdCliCommand.parseDuration("--x", "2H"));
        var e = assertThrows(UsageException.class, () -> ServeNbdCliCommand.parseDuration("--x", "-1s"));
        assertTrue(e.getMessage().startsWith("--x '-1s': use a duration"), e.getMessage());
    }

    @Test
    void aFileIsReopenedAndFormattedOnlyOnRequest() throws Exception {
        Path img = Files.write(tmp.resolve("vol.img"), new byte[4096]);
        var notVolume = assertThrows(UsageException.class, () -> options("--storage", "file", "--file", img.toString()));
        assertTrue(notVolume.getMessage().contains("no volume to reopen"), notVolume.getMessage());
        byte[] block0 = new byte[4096];
        new io.vdobench.vdo.format.SuperBlock(io.vdobench.vdo.format.SuperBlock.CLEAN, 1, 100, 200, 64, 16, 1, 0)
                .encode(block0);
        Path vol = Files.write(tmp.resolve("real.img"), block0);
        assertFalse(options("--storage", "file", "--file", vol.toString()).format(), "a volume is reopened");
        assertTrue(options("--storage", "file", "--file", img.toString(), "--format").format());
        assertEquals(img, options("--storage", "file", "--file", img.toString(), "--raw").file(),
                "raw storage keeps its bytes, so serving it again is fine");
        Path fresh = tmp.resolve("new.img");
        var e = assertThrows(UsageException.class, () -> options("--storage", "file", "--file", fresh.toString()));
        assertTrue(e.getMessage().contains("holds no volume") && e.getMessage().contains("--format"), e.getMessage());
        assertEquals(fresh, options("--storage", "file", "--file", fresh.toString(), "--format").file());
        Files.createFile(fresh);
        assertThrows(UsageException.class, () -> options("--storage", "file", "--file", fresh.toString()),
                "an empty file holds no volume");
        assertThrows(UsageException.class, () -> options("--format"), "--format is for --storage file");
        assertThrows(UsageException.class, () -> options("--storage", "file", "--file", img.toString(), "--raw",
                "--format"), "--raw serves the file's bytes");
    }
}
