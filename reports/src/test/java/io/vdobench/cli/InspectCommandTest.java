package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.VdoVolume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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

    @Test
    void unreadableFileExitsWithOne(@TempDir Path dir) {
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        int rc = new CommandLine(new InspectCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(be, true, StandardCharsets.UTF_8))).execute(dir.resolve("missing").toString());
        assertEquals(1, rc);
        assertTrue(be.toString(StandardCharsets.UTF_8).contains("cannot read"));
    }
}
