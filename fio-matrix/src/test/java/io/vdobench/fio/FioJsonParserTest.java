package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioJsonParserTest {
    static String resource(String name) throws Exception {
        try (InputStream in = FioJsonParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Recorded real fio 3.33 output: two "note:" lines before the JSON, numjobs=2 without group_reporting. */
    @Test
    void recordedOutputWithLeadingNotesAndTwoJobs() throws Exception {
        FioResult r = FioJsonParser.parse(resource("fio-3.33-numjobs2-with-notes.txt"));
        assertEquals("fio-3.33", r.fioVersion());
        assertEquals(2, r.jobs().size());
        FioJob j = r.jobs().get(0);
        assertEquals("write-4k-2j", j.jobname());
        assertEquals("write", j.options().get("rw"));
        assertEquals("60", j.options().get("buffer_compress_percentage"));
        IoStats w = j.write();
        assertEquals(262144, w.ioBytes());
        assertEquals(256, w.ioKbytes());
        assertEquals(262144000, w.bwBytes());
        assertEquals(256000, w.bwKiB());
        assertEquals(64000.0, w.iops());
        assertEquals(1, w.runtimeMs());
        assertEquals(64, w.totalIos());
        assertEquals(64, w.clat().n());
        assertEquals(1688.78125, w.clat().mean());
        assertEquals(34560, w.clat().percentile(99.0).orElseThrow());
        assertEquals(17, w.clat().percentiles().size(), "fio's default percentile_list has 17 entries");
        assertEquals(1720.53125, w.lat().mean());
        assertEquals(0, j.read().ioBytes());

        // Group aggregate, computed by hand from the two jobs: 2 x 256 KiB in 1 ms.
        List<FioGroup> groups = r.groups();
        assertEquals(1, groups.size());
        IoStats g = groups.get(0).write();
        assertEquals(524288, g.ioBytes());
        assertEquals(1, g.runtimeMs());
        assertEquals(524_288_000, g.bwBytes());
        assertEquals(128_000.0, g.iops());
        assertEquals(128, g.clat().n());
        assertEquals((1688.78125 + 2819.859375) / 2, g.clat().mean(), 1e-9);
        assertTrue(g.clat().percentiles().isEmpty(), "percentiles cannot be pooled");
    }

    @Test
    void brokenInputsGiveTypedErrors() {
        assertThrows(FioJsonException.class, () -> FioJsonParser.parse(""));
        assertThrows(FioJsonException.class, () -> FioJsonParser.parse("fio: job startup hung\n"));
        assertThrows(FioJsonException.class, () -> FioJsonParser.parse("{\"fio version\": \"fio-3.33\", \"jobs\": [ {"));
        assertThrows(FioJsonException.class, () -> FioJsonParser.parse("{\"fio version\": \"fio-3.33\"}"));
        assertThrows(FioJsonException.class, () -> FioJsonParser.parse("{\"jobs\": [{\"groupid\": 0}]}"));
        assertThrows(FioJsonException.class,
                () -> FioJsonParser.parse("{\"jobs\": [{\"jobname\": \"x\", \"read\": {\"io_bytes\": \"lots\"}}]}"));
        assertThrows(FioJsonException.class, () -> FioJsonParser.parse(
                "{\"jobs\": [{\"jobname\": \"x\", \"read\": {\"clat_ns\": {\"percentile\": {\"p99\": 1}}}}]}"));
    }

    @Test
    void trailingTextAfterTheDocumentIsIgnored() {
        FioResult r = FioJsonParser.parse("note: x\n{\"fio version\":\"fio-3.33\",\"jobs\":[{\"jobname\":\"a\","
                + "\"write\":{\"io_bytes\":4096,\"bw_bytes\":4096000,\"runtime\":1}}]}\nfio: something after\n");
        assertEquals(4096000, r.jobs().get(0).write().bwBytes());
        assertEquals(0, r.jobs().get(0).write().clat().n());
    }

    @Test
    void writerRoundTripsRecordedAndConstructedResults() throws Exception {
        FioResult real = FioJsonParser.parse(resource("fio-3.33-numjobs2-with-notes.txt"));
        assertEquals(real, FioJsonParser.parse(FioJsonWriter.write(real)));

        TreeMap<Double, Long> pct = new TreeMap<>(Map.of(50.0, 2000L, 99.0, 9000L, 99.99, 20000L));
        LatencyStats clat = new LatencyStats(1000, 25000, 2500.5, 800.25, 1000, pct);
        IoStats w = new IoStats(4096000, 4000, 68266666, 66666, 16666.666667, 60, 1000, LatencyStats.EMPTY, clat,
                new LatencyStats(1100, 25100, 2600.5, 801.0, 1000, new TreeMap<>()));
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("rw", "write");
        opts.put("bs", "4k");
        opts.put("buffer_compress_percentage", "60");
        opts.put("vdobench.generator", "FioBufferGenerator fio-3.33");
        FioResult mine = new FioResult("vdobench-0.1 (fio-compatible)", 1, 1000, "now", Map.of("direct", "1"),
                List.of(new FioJob("write-4k-1j", 0, 0, opts, IoStats.EMPTY, w, IoStats.EMPTY)));
        String json = FioJsonWriter.write(mine);
        assertTrue(json.contains("\"99.990000\" : 20000"), json);
        assertTrue(json.contains("\"bw_bytes\" : 68266666"), json);
        assertEquals(mine, FioJsonParser.parse(json));
    }

    @Test
    void realFioJsonParses(@TempDir Path dir) throws Exception {
        FioCli.requireFio();
        Path f = dir.resolve("t.dat");
        String out = FioCli.run(dir, List.of("fio", "--name=randwrite-8k-1j", "--filename=" + f, "--size=2m",
                "--rw=randwrite", "--bs=8k", "--ioengine=psync", "--iodepth=4", "--buffer_compress_percentage=60",
                "--output-format=json", "--percentile_list=50:99:99.9"));
        // iodepth=4 with psync makes fio print a note before the JSON on this path.
        FioResult r = FioJsonParser.parse(out);
        IoStats w = r.jobs().get(0).write();
        assertEquals(2 << 20, w.ioBytes());
        assertEquals(256, w.totalIos());
        assertEquals(List.of(50.0, 99.0, 99.9), List.copyOf(w.clat().percentiles().keySet()));
        // fio's own formulas (anchors §3): bw = bw_bytes / 1024; iops = 1000 * total_ios / runtime.
        assertEquals(w.bwBytes() / 1024, w.bwKiB());
        if (w.runtimeMs() > 0) {
            assertEquals(1000.0 * w.totalIos() / w.runtimeMs(), w.iops(), 1e-3 * w.iops() + 1);
        }
        assertEquals(r, FioJsonParser.parse(FioJsonWriter.write(r)));
        MatrixCase c = FioCaseResults.measurements(r, Matrix.load()).get(0).matrixCase();
        assertEquals("randwrite-8k-1j", c.id());
    }

    @Test
    void statsFromCountsAndHistogramFollowFioFormulas() {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L); // 1 us .. 1 ms
        }
        LatencyStats clat = LatencyStats.ofHistogram(h);
        assertEquals(1000, clat.n());
        assertEquals(17, clat.percentiles().size());
        assertEquals(500_000, clat.percentile(50.0).orElseThrow(), 500); // within HdrHistogram's 3 digits
        assertEquals(990_000, clat.percentile(99.0).orElseThrow(), 990);
        // 1 GB in 2 s, 250000 I/Os: bw_bytes 500000000, bw 488281 KiB/s, iops 125000
        IoStats s = IoStats.of(1_000_000_000L, 250_000, 2000, clat, clat);
        assertEquals(500_000_000L, s.bwBytes());
        assertEquals(488_281, s.bwKiB());
        assertEquals(125_000.0, s.iops());
        assertEquals(976_562, s.ioKbytes());
        String json = FioJsonWriter.write(new FioResult("vdobench", 0, 0, "", Map.of(),
                List.of(new FioJob("write-4k-1j", 0, 0, Map.of(), IoStats.EMPTY, s, IoStats.EMPTY))));
        assertTrue(json.contains("\"50.000000\" :"), json);
        assertThrows(IllegalArgumentException.class, () -> IoStats.of(-1, 0, 1, clat, clat));
    }

    /** fio --client output: each host's jobs under client_stats with its hostname, plus "All clients" (skipped). */
    @Test
    void clientServerOutputSplitsPerHost() {
        String doc = "<h1> hook : Saving output of prerun in hook.prerun.txt\n{\"fio version\":\"fio-3.33\","
                + "\"global options\":{\"rw\":\"write\"},\"client_stats\":["
                + "{\"jobname\":\"w\",\"groupid\":0,\"write\":{\"io_bytes\":4096,\"bw_bytes\":2000},\"hostname\":\"h2\"},"
                + "{\"jobname\":\"w\",\"groupid\":0,\"write\":{\"io_bytes\":4096,\"bw_bytes\":1000},\"hostname\":\"h1\"},"
                + "{\"jobname\":\"All clients\",\"groupid\":0,\"write\":{\"bw_bytes\":3000},\"hostname\":\"h1\"}]}";
        Map<String, FioResult> hosts = FioJsonParser.parseHosts(doc);
        assertEquals(List.of("h1", "h2"), List.copyOf(hosts.keySet()));
        assertEquals(1000, hosts.get("h1").jobs().get(0).write().bwBytes());
        assertEquals(1, hosts.get("h2").jobs().size());
        assertEquals("write", hosts.get("h2").globalOptions().get("rw"));
        FioJsonException e = assertThrows(FioJsonException.class, () -> FioJsonParser.parse(doc));
        assertTrue(e.getMessage().contains("client/server output"), e.getMessage());
        assertEquals(List.of(FioJsonParser.LOCAL), List.copyOf(FioJsonParser.parseHosts(
                "{\"jobs\":[{\"jobname\":\"a\",\"write\":{\"bw_bytes\":1}}]}").keySet()));
        assertThrows(FioJsonException.class, () -> FioJsonParser.parseHosts(
                "{\"client_stats\":[{\"jobname\":\"a\",\"write\":{\"bw_bytes\":1}}]}"), "no hostname");
    }
}
