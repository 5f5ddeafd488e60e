package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FioMatrixCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        CommandLine cl = FioMatrixCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        var old = System.out;
        var buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, buf.toString(java.nio.charset.StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void generateWritesTheSelectedCases() throws Exception {
        Path out = dir.resolve("jobs");
        Run r = cli("generate", "--device", "/dev/mapper/vdo0", "--out", out.toString(), "--patterns", "write,randread",
                "--jobs", "16", "--set", "numa_cpu_nodes=0");
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(12, s.filter(p -> p.toString().endsWith(".fio") && !p.endsWith("prefill.fio")).count());
        }
        String f = Files.readString(out.resolve("01-write-4k-16j.fio"));
        assertTrue(f.contains("numa_cpu_nodes=0\n") && f.contains("numjobs=16\n"), f);
    }

    @Test
    void summaryFromTwoResultDirectories() throws Exception {
        Matrix m = Matrix.load();
        List<MatrixCase> smoke = m.cases("smoke");
        for (String policy : List.of("lz4", "iaa")) {
            Path d = Files.createDirectories(dir.resolve(policy));
            int i = 0;
            for (MatrixCase c : smoke) {
                // lz4: 100 MB/s everywhere; iaa: +10 % on the first case, -10 % on the second, equal elsewhere.
                long bw = policy.equals("lz4") ? 100_000_000L : i == 0 ? 110_000_000L : i == 1 ? 90_000_000L : 100_000_000L;
                i++;
                IoStats st = new IoStats(bw * 2, bw * 2 / 1024, bw, bw / 1024, bw / c.blockSize(), 2000,
                        bw * 2 / c.blockSize(), LatencyStats.EMPTY,
                        new LatencyStats(1, 9, 5, 1, 10, new TreeMap<>(Map.of(99.0, 9L))), LatencyStats.EMPTY);
                FioJob job = new FioJob(c.id(), 0, 0, Map.of("rw", c.pattern().fioName()), c.pattern().isWrite()
                        ? IoStats.EMPTY : st, c.pattern().isWrite() ? st : IoStats.EMPTY, IoStats.EMPTY);
                Files.writeString(d.resolve(c.id() + ".r1.json"),
                        FioJsonWriter.write(new FioResult("fio-3.33", 0, 0, "", Map.of(), List.of(job))));
            }
        }
        Path csv = dir.resolve("csv");
        Run r = cli("summary", "lz4=" + dir.resolve("lz4"), "iaa=" + dir.resolve("iaa"), "--profile", "smoke",
                "--csv-dir", csv.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sequential write 4K 1 job: 100.0 → 110.0 MB/s, +10.00 %"), r.out());
        assertTrue(r.out().contains("sequential read 4K 1 job: 100.0 → 90.0 MB/s, -10.00 %"), r.out());
        assertTrue(Files.readString(csv.resolve("summary.csv")).startsWith("io_type,"));
        // fio JSON does not say what ran: the summary says so rather than leave "iaa" to be guessed.
        assertTrue(r.out().contains("\nA: lz4 = unknown -> unknown\nB: iaa = unknown -> unknown\n"), r.out());

        Run named = cli("summary", "lz4=" + dir.resolve("lz4"), "iaa=" + dir.resolve("iaa"), "--profile", "smoke",
                "--codec", "iaa=qpl:path=hardware,huffman=fixed", "--executed-path", "iaa=hardware",
                "--codec", "lz4=lz4:kernel", "--csv-dir", csv.toString());
        assertEquals(0, named.exit(), named.err());
        assertTrue(named.out().contains("\nA: lz4 = lz4:kernel -> unknown\nB: iaa = qpl:path=hardware,huffman=fixed -> hardware\n"),
                named.out());
        String summaryCsv = Files.readString(csv.resolve("summary.csv"));
        assertTrue(summaryCsv.lines().findFirst().orElseThrow().endsWith(
                ",baseline_codec,baseline_path,candidate_codec,candidate_path"), summaryCsv);
        assertTrue(summaryCsv.lines().skip(1).allMatch(l -> l.endsWith(",lz4:kernel,unknown,\"qpl:path=hardware,huffman=fixed\",hardware")),
                summaryCsv);
        Run stray = cli("summary", "lz4=" + dir.resolve("lz4"), "iaa=" + dir.resolve("iaa"), "--profile", "smoke",
                "--codec", "zstd=zstd:level=3");
        assertEquals(2, stray.exit());
        assertTrue(stray.err().contains("policy 'zstd', which is not compared"), stray.err());

        Run missing = cli("summary", "lz4=" + dir.resolve("lz4"), "iaa=" + dir.resolve("iaa"), "--profile", "full");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("error: missing results for 132 case/policy pair(s)"), missing.err());
    }

    @Test
    void jmhSummary() throws Exception {
        Path f = dir.resolve("jmh.json");
        Files.writeString(f, JmhCaseResultsTest.JMH);
        Run r = cli("jmh-summary", f.toString(), "--baseline", "lz4", "--candidate", "iaa", "--patterns", "write",
                "--sizes", "64k", "--jobs", "16", "--unit", "MIB");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sequential write 64K 16 jobs: 1349.8 → 1430.4 MiB/s, +5.97 %"), r.out());
        Run bad = cli("jmh-summary", f.toString(), "--baseline", "lz4", "--candidate", "iaa");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("missing results"), bad.err());
    }
}
