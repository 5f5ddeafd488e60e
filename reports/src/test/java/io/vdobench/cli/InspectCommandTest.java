package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.VdoVolume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {

    @Test
    void jsonOutputOfAPipelineImageParses(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("v.img");
        long fragments;
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(64).build()) {
            for (int i = 0; i < 64; i++) {
                v.write(i, DataKind.FIO90.generate(4096, i), 0, 4096);
            }
            v.exportStorage(img);
            fragments = v.statistics().compressedFragmentsWritten();
        }
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        int rc = new CommandLine(new InspectCommand(new PrintStream(bo, true, StandardCharsets.UTF_8),
                new PrintStream(be, true, StandardCharsets.UTF_8))).execute(img.toString(), "--json");
        assertEquals(0, rc, be.toString(StandardCharsets.UTF_8));
        JsonNode root = new ObjectMapper().readTree(bo.toString(StandardCharsets.UTF_8));
        assertTrue(root.get("blocks_scanned").asLong() > 0);
        JsonNode frags = root.get("fragments");
        assertTrue(fragments > 0);
        assertEquals(fragments, frags.size());
        for (JsonNode f : frags) {
            for (String k : new String[] {"block", "slot", "algorithm", "compressed_size", "size", "sha256", "error"}) {
                assertTrue(f.has(k), k + " in " + f);
            }
            assertTrue(f.get("error").isNull());
            assertEquals(4096, f.get("size").asInt());
            assertEquals("LZ4", f.get("algorithm").asText());
            assertEquals(64, f.get("sha256").asText().length());
        }
    }

    record Run(int exit, String out, String err) {}

    static Run inspect(String... args) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(be, true, StandardCharsets.UTF_8);
        CommandLine cl = CliErrors.install(new CommandLine(new InspectCommand(
                new PrintStream(bo, true, StandardCharsets.UTF_8), err)));
        StringWriter picocliErr = new StringWriter();
        cl.setErr(new PrintWriter(picocliErr, true));
        int rc = cl.execute(args);
        return new Run(rc, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8) + picocliErr);
    }

    @Test
    void missingFileIsAUsageError(@TempDir Path dir) {
        Run r = inspect(dir.resolve("missing").toString());
        assertEquals(2, r.exit());
        assertEquals("inspect: FILE '" + dir.resolve("missing") + "': no such file", r.err().strip());
    }

    @Test
    void aDirectoryIsRefused(@TempDir Path dir) {
        Run r = inspect(dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("is a directory; give a regular file"), r.err());
    }

    @Test
    @Timeout(10)
    void aFifoWithNoWriterIsRefusedInsteadOfBlocking(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo unavailable");
        Run r = inspect(fifo.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("is a FIFO"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = inspect("--device", fifo.toString());
        assertEquals(2, r.exit(), "--device is for devices, not FIFOs");
    }

    @Test
    void aDeviceNeedsDevice() {
        Path dev = Path.of("/dev/null");
        assumeTrue(Files.exists(dev), "no /dev/null");
        Run r = inspect(dev.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("is a character device") && r.err().contains("--device"), r.err());
        r = inspect("--device", dev.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("block"), "an empty scan still prints its header: " + r.out());
    }
}
