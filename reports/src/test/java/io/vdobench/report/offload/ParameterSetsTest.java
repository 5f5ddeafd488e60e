package io.vdobench.report.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterSetsTest {

    @Test
    void everyNamedSetLoadsWithItsSourceAndDate() {
        for (Device d : ParameterSets.all()) {
            assertTrue(d.source().startsWith("PUBLISHED"), d.name() + ": " + d.source());
            assertEquals("2026-12-01T00:00:00Z", d.date(), d.name());
            assertTrue(d.hasDecompress(), d.name());
            assertEquals(3.2, d.compressLatencyUs(), 1e-12, d.name() + ": QPL's 3.2 µs per 4 KiB job");
        }
        Device kernel = ParameterSets.named("kernel-default-sync-verify");
        assertTrue(kernel.verify());
        assertEquals(CompletionMode.SYNC, kernel.mode());
        assertEquals(1, kernel.engines());
        Device batch = ParameterSets.named("batch64-zswap");
        assertEquals(CompletionMode.BATCH, batch.mode());
        assertEquals(64, batch.batch());
        assertEquals(8, batch.engines());
        assertFalse(ParameterSets.named("async-8engines").verify());
    }

    /** A recorded iaa-probe file (native/IAA-PARAMS.md's example layout) as a user-supplied set. */
    @Test
    void aProbeFileIsASetWithSyncDefaults() throws Exception {
        Path f = Path.of(getClass().getResource("/offload/recorded-probe.properties").toURI());
        Device d = ParameterSets.resolve(f.toString());
        assertEquals("recorded-probe", d.name());
        assertEquals(2.0 + 0.3 * 4, d.compressLatencyUs(), 1e-12);
        assertEquals(1.5 + 0.15 * 4, d.decompressLatencyUs(), 1e-12);
        assertEquals(0.3, d.submitUs(), 1e-12);
        assertEquals(0.2, d.completeUs(), 1e-12);
        assertEquals(8, d.engines());
        assertEquals(64, d.wqDepth());
        assertEquals(CompletionMode.SYNC, d.mode());
        assertFalse(d.verify());
        assertTrue(d.source().startsWith("EXAMPLE"), "an example says it is not measured: " + d.source());
    }

    @Test
    void offloadKeysChooseModeBatchVerifyAndHuffman(@TempDir Path tmp) throws Exception {
        Path f = Path.of(getClass().getResource("/offload/recorded-probe.properties").toURI());
        Path g = tmp.resolve("dyn.properties");
        Files.writeString(g, Files.readString(f) + "offload.mode=batch\noffload.batch=8\noffload.huffman=dynamic\n"
                + "offload.name=probe-dynamic-batch8\n");
        Device d = ParameterSets.resolve(g.toString());
        assertEquals("probe-dynamic-batch8", d.name());
        assertEquals(CompletionMode.BATCH, d.mode());
        assertEquals(8, d.batch());
        assertEquals(6.0 + 0.9 * 4, d.compressLatencyUs(), 1e-12);
        assertFalse(d.hasDecompress(), "the example has no dynamic decompress line: such a set models writes only");
    }

    @Test
    void badSetsAreTypedErrors(@TempDir Path tmp) throws Exception {
        Path f = Path.of(getClass().getResource("/offload/recorded-probe.properties").toURI());
        String ok = Files.readString(f);
        Path bad = tmp.resolve("bad.properties");
        Files.writeString(bad, ok + "offload.mode=fast\n");
        var e = assertThrows(OffloadModelException.class, () -> ParameterSets.resolve(bad.toString()));
        assertTrue(e.getMessage().contains("offload.mode"), e.getMessage());
        Files.writeString(bad, ok + "offload.batch=4\n");
        e = assertThrows(OffloadModelException.class, () -> ParameterSets.resolve(bad.toString()));
        assertTrue(e.getMessage().contains("offload.mode=batch"), e.getMessage());
        Files.writeString(bad, ok.replace("engines=8", "engines=x"));
        e = assertThrows(OffloadModelException.class, () -> ParameterSets.resolve(bad.toString()));
        assertTrue(e.getMessage().contains("engines"), e.getMessage());
        e = assertThrows(OffloadModelException.class, () -> ParameterSets.resolve("no-such-set"));
        assertTrue(e.getMessage().contains("qpl-doc-sync-1engine"), e.getMessage());
    }
}
