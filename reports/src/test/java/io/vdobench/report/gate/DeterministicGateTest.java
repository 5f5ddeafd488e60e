package io.vdobench.report.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterministicGateTest {

    @Test
    void fingerprintsAreRepeatableAndEveryCellRoundTrips() {
        try (Lz4JavaCodec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA); JdkZlibCodec z = new JdkZlibCodec(6)) {
            List<Fingerprint.Row> a = new ArrayList<>(Fingerprint.of(lz4));
            a.addAll(Fingerprint.of(z));
            List<Fingerprint.Row> b = new ArrayList<>(Fingerprint.of(lz4));
            b.addAll(Fingerprint.of(z));
            assertEquals(a, b);
            assertTrue(a.stream().allMatch(Fingerprint.Row::roundTrip));
            assertTrue(DeterministicGate.compare(a, b).stream().allMatch(f -> f.status() == DeterministicGate.Status.SAME));
            // Random data never fits, zeros always do.
            assertTrue(a.stream().filter(r -> r.kind().equals("RANDOM")).allMatch(r -> r.doesNotFit() == r.blocks()));
            assertTrue(a.stream().filter(r -> r.kind().equals("ZEROS")).allMatch(r -> r.doesNotFit() == 0));
        }
    }

    @Test
    void levelChangeIsCaughtAsChangedBytes() {
        try (JdkZlibCodec z1 = new JdkZlibCodec(1); JdkZlibCodec z9 = new JdkZlibCodec(9)) {
            // Pretend level 9 is what "zlib level 1" wrote in the baseline: a silent behaviour change.
            List<Fingerprint.Row> base = Fingerprint.of(z9).stream().map(r -> new Fingerprint.Row(
                    "zlib:impl=jdk,level=1", r.version(), r.kind(), r.blockSize(), r.blocks(), r.compressedBytes(),
                    r.doesNotFit(), r.sha256(), r.roundTrip())).toList();
            List<DeterministicGate.Finding> f = DeterministicGate.compare(base, Fingerprint.of(z1));
            assertTrue(f.stream().anyMatch(DeterministicGate::fails));
            assertTrue(f.stream().anyMatch(x -> x.status() == DeterministicGate.Status.CHANGED
                    && x.detail().contains("compressed bytes")));
        }
    }

    @Test
    void brokenRoundTripVersionChangeAndMissingRows() {
        Fingerprint.Row r = new Fingerprint.Row("c", "1.0", "FIO60", 4096, 64, 1000, 0, "ab", true);
        Fingerprint.Row broken = new Fingerprint.Row("c", "1.0", "FIO60", 4096, 64, 1000, 0, "ab", false);
        Fingerprint.Row newer = new Fingerprint.Row("c", "1.1", "FIO60", 4096, 64, 990, 0, "cd", true);
        Fingerprint.Row other = new Fingerprint.Row("d", "1.0", "FIO60", 4096, 64, 1000, 0, "ab", true);
        assertEquals(DeterministicGate.Status.BROKEN, DeterministicGate.compare(List.of(r), List.of(broken)).get(0).status());
        DeterministicGate.Finding v = DeterministicGate.compare(List.of(r), List.of(newer)).get(0);
        assertEquals(DeterministicGate.Status.VERSION_CHANGED, v.status());
        assertFalse(DeterministicGate.fails(v));
        assertTrue(v.detail().startsWith("not judged"), v.detail());
        List<DeterministicGate.Finding> m = DeterministicGate.compare(List.of(r), List.of(other));
        assertEquals(List.of(DeterministicGate.Status.NEW, DeterministicGate.Status.MISSING),
                m.stream().map(DeterministicGate.Finding::status).toList());
        assertFalse(DeterministicGate.fails(m.get(0)), "a new row has nothing to be judged against");
        assertTrue(DeterministicGate.fails(m.get(1)), "a row judged at baseline that vanished fails");
    }

    @Test
    void rowsOfABackendUnavailableHereAreNotJudgedButListedWithTheReason() {
        Fingerprint.Row hw = new Fingerprint.Row("qpl:path=hardware", "1.9.0", "FIO60", 4096, 64, 1000, 0, "ab", true);
        Fingerprint.Row sw = new Fingerprint.Row("qpl:path=software", "1.9.0", "FIO60", 4096, 64, 1000, 0, "ab", true);
        List<DeterministicGate.Finding> f = DeterministicGate.compare(List.of(hw, sw), List.of(sw),
                java.util.Map.of("qpl:path=hardware", "no IAA device"));
        assertEquals(List.of(DeterministicGate.Status.SAME, DeterministicGate.Status.UNAVAILABLE),
                f.stream().map(DeterministicGate.Finding::status).toList());
        assertFalse(DeterministicGate.fails(f.get(1)));
        assertTrue(f.get(1).detail().contains("not judged: no IAA device"), f.get(1).detail());
        // The same absence without an unavailable backend to explain it fails.
        assertTrue(DeterministicGate.compare(List.of(hw, sw), List.of(sw)).stream().anyMatch(DeterministicGate::fails));
    }

    @Test
    void csvRoundTripAndClearErrorOnMissingColumn() {
        List<Fingerprint.Row> rows = List.of(new Fingerprint.Row("lz4:impl=jni", "1.14.0", "TEXT", 65536, 4, 12345, 1, "ff", true));
        StringWriter w = new StringWriter();
        DeterministicGate.write(rows, w);
        assertEquals(rows, DeterministicGate.read(new StringReader(w.toString())));
        GateInputException e = assertThrows(GateInputException.class,
                () -> DeterministicGate.read(new StringReader("subject,version\nx,y\n")));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }

    @Test
    void pipelinePackingIsRepeatableAndCaught() {
        try (Lz4JavaCodec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA); JdkZlibCodec z = new JdkZlibCodec(6)) {
            var a = Fingerprint.ofPipeline("lz4", io.vdobench.vdo.policy.FallbackCompressionPolicy.single(lz4));
            var b = Fingerprint.ofPipeline("lz4", io.vdobench.vdo.policy.FallbackCompressionPolicy.single(lz4));
            assertEquals(a, b);
            assertTrue(a.stream().allMatch(r -> r.roundTrip() && r.packing().contains("per_block=[")), a.toString());
            // FIO60 compresses to ~1700 B with LZ4: two fragments per packed block.
            assertTrue(a.get(0).packing().contains("2x"), a.get(0).packing());
            // Another codec under the same name packs differently: the gate sees it.
            var other = Fingerprint.ofPipeline("lz4", io.vdobench.vdo.policy.FallbackCompressionPolicy.single(z)).stream()
                    .map(r -> new Fingerprint.Row(r.subject(), a.get(0).version(), r.kind(), r.blockSize(), r.blocks(),
                            r.compressedBytes(), r.doesNotFit(), r.sha256(), r.roundTrip(), r.packing())).toList();
            assertTrue(DeterministicGate.compare(a, other).stream().anyMatch(DeterministicGate::fails));
            StringWriter w = new StringWriter();
            DeterministicGate.write(a, w);
            assertEquals(a, DeterministicGate.read(new StringReader(w.toString())));
        }
    }
}
