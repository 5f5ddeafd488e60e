package io.vdobench.ffm.iaa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.ffm.iaa.OffloadParameters.JobCost;
import io.vdobench.ffm.iaa.OffloadParameters.LatencyPoint;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offload parameter file: the example reads, writes back identically, and bad files are refused by key. */
class OffloadParametersTest {
    @TempDir
    Path tmp;

    private static Path example() throws URISyntaxException {
        return Path.of(OffloadParametersTest.class.getResource("/iaa-params/example.properties").toURI());
    }

    @Test
    void exampleReadsIntoTypedValues() throws Exception {
        OffloadParameters p = OffloadParameters.read(example());
        assertEquals(1, p.format());
        assertTrue(p.source().startsWith("EXAMPLE"), p.source());
        assertEquals(Instant.parse("2026-12-03T08:00:00Z"), p.date());
        assertEquals(8, p.engines());
        assertEquals(64, p.wqDepth());
        assertEquals(0.3, p.submitUs(), 1e-9);
        assertEquals(0.2, p.completeUs(), 1e-9);
        assertEquals(new JobCost(2.0, 0.3), p.jobCosts().get("fixed.compress"));
        assertEquals(3, p.jobCosts().size());
        assertEquals(3.2, p.jobCosts().get("fixed.compress").latencyUs(4096), 1e-9);
        assertEquals(new LatencyPoint("fixed", "compress", "cold", 4096, 11.2), p.latency().get(0));
        assertEquals(List.of(4096, 65536, 131072), p.latency().stream().filter(l -> l.buffers().equals("pretouched"))
                .map(LatencyPoint::bytes).toList());
        assertEquals(List.of(1, 8), p.throughput().stream().map(OffloadParameters.ThroughputPoint::threads).toList());
        assertEquals("IAA 1.0", p.host().get("iaa.iax1.generation"));
    }

    @Test
    void writingAndReadingAgainGivesTheSameParameters() throws Exception {
        OffloadParameters p = OffloadParameters.read(example());
        Path out = tmp.resolve("again.properties");
        p.write(out);
        assertEquals(p, OffloadParameters.read(out));
        assertTrue(Files.readAllLines(out).get(0).startsWith(OffloadParameters.HEADER));
    }

    @Test
    void offloadKeysAreKeptAndWrittenAgain() throws Exception {
        Path f = tmp.resolve("with-offload.properties");
        Files.writeString(f, Files.readString(example()) + "offload.mode=async\noffload.verify=1\n");
        OffloadParameters p = OffloadParameters.read(f);
        assertEquals(java.util.Map.of("mode", "async", "verify", "1"), p.offload());
        assertTrue(OffloadParameters.read(example()).offload().isEmpty(), "a probe's file has none");
        Path out = tmp.resolve("again.properties");
        p.write(out);
        assertEquals(p, OffloadParameters.read(out));
    }

    @Test
    void fitRecoversALineAndRefusesOneSize() {
        List<LatencyPoint> pts = List.of(new LatencyPoint("fixed", "compress", "pretouched", 4096, 2.0 + 0.3 * 4),
                new LatencyPoint("fixed", "compress", "pretouched", 16384, 2.0 + 0.3 * 16),
                new LatencyPoint("fixed", "compress", "pretouched", 131072, 2.0 + 0.3 * 128));
        JobCost c = OffloadParameters.fit(pts);
        assertEquals(2.0, c.aUs(), 1e-9);
        assertEquals(0.3, c.bUsPerKib(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> OffloadParameters.fit(pts.subList(0, 1)));
    }

    @Test
    void badFilesNameTheKey() throws Exception {
        String good = Files.readString(example());
        assertEquals("missing key engines", reject(good.replace("engines=8\n", "")));
        assertEquals("format 2 is not the one this reader knows (1)", reject(good.replace("format=1", "format=2")));
        assertEquals("submit_us is not a finite number: fast", reject(good.replace("submit_us=0.3000", "submit_us=fast")));
        assertEquals("unknown key latency.fixed.compress.warm.4096_us",
                reject(good.replace("latency.fixed.compress.cold", "latency.fixed.compress.warm")));
        assertEquals("job.dynamic.compress needs both a_us and b_us_per_kib",
                reject(good.replace("job.dynamic.compress.a_us=6.0000\n", "")));
        assertEquals("date is not an ISO-8601 instant: yesterday", reject(good.replaceAll("date=.*", "date=yesterday")));
    }

    private String reject(String content) throws Exception {
        Path f = tmp.resolve("bad.properties");
        Files.writeString(f, content);
        OffloadParameters.FormatException e = assertThrows(OffloadParameters.FormatException.class, () -> OffloadParameters.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring((f + ": ").length());
    }
}
