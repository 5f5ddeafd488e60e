package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fio-collect on recorded order.csv and fio JSON: one local host, and broken lines named with nothing written. */
class FioCollectCommandTest {
    @TempDir
    Path dir;

    private static final String HEADER = "seq,case,pair,position,policy,switch,file,started_utc\n";

    private static String json(String job, long bw) {
        return "{\"fio version\":\"fio-3.33\",\"global options\":{\"rw\":\"randwrite\",\"bs\":\"4k\"},\"jobs\":[{\"jobname\":\""
                + job + "\",\"groupid\":0,\"job options\":{\"rw\":\"randwrite\",\"bs\":\"4k\",\"numjobs\":\"1\"},"
                + "\"write\":{\"io_bytes\":4096,\"bw_bytes\":" + bw + ",\"iops\":10,\"runtime\":1}}]}";
    }

    private record Result(int exit, String out, String err) {
    }

    private Result collect(Path results, Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int exit = cl.execute("fio-collect", results.toString(), "-o", out.toString());
        return new Result(exit, o.toString(), e.toString());
    }

    @Test
    void oneHostWithoutClientServerIsLocalWithEveryRunAndItsPosition() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(results.resolve("lz4"));
        Files.createDirectories(results.resolve("iaa"));
        Files.writeString(results.resolve("lz4/randwrite-4k-1j.r1.json"), json("randwrite-4k-1j", 100_000_000));
        Files.writeString(results.resolve("iaa/randwrite-4k-1j.r1.json"), json("randwrite-4k-1j", 110_000_000));
        Files.writeString(results.resolve("order.csv"), HEADER
                + "1,randwrite-4k-1j,1,1,lz4,0,lz4/randwrite-4k-1j.r1.json,2026-12-03T10:00:00Z\n"
                + "2,randwrite-4k-1j,1,2,iaa,1,iaa/randwrite-4k-1j.r1.json,2026-12-03T10:01:30Z\n");
        Path out = dir.resolve("run");
        Result r = collect(dir, out);
        assertEquals(0, r.exit(), r.err());
        assertEquals(java.util.List.of(
                "host,pattern,block_size,jobs,case,policy,pair,position,seq,switch,mb_per_s,ops_per_s,p50_us,p99_us,started_utc",
                "local,randwrite,4096,1,randwrite-4k-1j,lz4,1,1,1,0,100.000000,10.000,,,2026-12-03T10:00:00Z",
                "local,randwrite,4096,1,randwrite-4k-1j,iaa,1,2,2,1,110.000000,10.000,,,2026-12-03T10:01:30Z"),
                Files.readAllLines(out.resolve("local/repeats.csv")));
        assertTrue(Files.readString(out.resolve("local/summary.txt")).contains("+10.00 %"),
                Files.readString(out.resolve("local/summary.txt")));
        assertTrue(Files.readString(out.resolve("local/environment.properties")).contains("fio.vdostats=not here"));
    }

    @Test
    void aBrokenLineIsNamedAndNothingIsWritten() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("order.csv"), HEADER + "1,randwrite-4k-1j,1,1,lz4,0,lz4/missing.json,x\n");
        Result r = collect(results, dir.resolve("run"));
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("order.csv line 2") && r.err().contains("missing.json"), r.err());
        assertFalse(Files.exists(dir.resolve("run")));
        Files.writeString(results.resolve("order.csv"), HEADER + "1,sideways-4k-1j,1,1,lz4,0,lz4/x.json,x\n");
        Result u = collect(results, dir.resolve("run"));
        assertEquals(2, u.exit());
        assertTrue(u.err().contains("sideways-4k-1j"), u.err());
    }

    /** Writes one run's fio JSON and returns its order.csv line. */
    private String run(Path results, int seq, int pair, int position, String policy, String bit, long bw)
            throws Exception {
        String file = policy + "/randwrite-4k-1j.r" + pair + ".json";
        Files.createDirectories(results.resolve(policy));
        Files.writeString(results.resolve(file), json("randwrite-4k-1j", bw));
        return seq + ",randwrite-4k-1j," + pair + "," + position + "," + policy + "," + bit + "," + file
                + ",2026-12-03T10:0" + seq + ":00Z\n";
    }

    /** Collects order.csv of these lines; checks the summary's first line and the pairs of verdicts.csv's "all" row. */
    private Path collectOneHost(Path results, String summaryStart, String minPairs, String... lines) throws Exception {
        Files.writeString(results.resolve("order.csv"), HEADER + String.join("", lines));
        Result r = collect(dir, dir.resolve("run"));
        assertEquals(0, r.exit(), r.err());
        Path host = dir.resolve("run/local");
        String summary = Files.readString(host.resolve("summary.txt"));
        assertTrue(summary.startsWith(summaryStart), summary);
        var verdicts = Files.readAllLines(host.resolve("verdicts.csv"));
        assertTrue(verdicts.get(0).contains("min_pairs"), verdicts.get(0));
        var all = verdicts.stream().filter(l -> l.startsWith("all,")).findFirst().orElseThrow().split(",");
        assertEquals(minPairs, all[5], String.join(",", all));
        return host;
    }

    @Test
    void abRunsAreComparedPairByPairWhateverTheOrderOfTheirLines() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        // run.sh ab, 2 pairs: A B then B A; the machine got twice as fast between the pairs. Lines shuffled (a resumed
        // run's order.csv), so only the pair numbers say which runs belong together.
        Path host = collectOneHost(results, "Paired: every case's A and B runs interleaved in pairs", "2",
                run(results, 4, 2, 4, "lz4", "0", 200_000_000), run(results, 2, 1, 2, "iaa", "1", 110_000_000),
                run(results, 3, 2, 3, "iaa", "1", 218_000_000), run(results, 1, 1, 1, "lz4", "0", 100_000_000));
        // Paired, the two ratios are 1.10 and 1.09: the case's interval lies above zero. Mispaired (A2 with B1) they
        // would be 0.55 and 2.18, an interval over -50 % .. +100 %.
        var cases = Files.readAllLines(host.resolve("cases.csv"));
        var header = java.util.List.of(cases.get(0).split(","));
        var row = cases.get(1).split(",");
        double low = Double.parseDouble(row[header.indexOf("ci95_low_pct")]);
        double high = Double.parseDouble(row[header.indexOf("ci95_high_pct")]);
        assertTrue(low > 0 && high < 20, cases.toString());
        String env = Files.readString(host.resolve("environment.properties"));
        assertTrue(env.contains("fio.comparison=paired"), env);
    }

    @Test
    void runsNotInterleavedAreOneComparisonOfMeansAndSaySo() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        // ./run.sh lz4 2 on one kernel, then ./run.sh iaa 2 on another: no pairs, whatever the pair column says.
        Path host = collectOneHost(results, "Paired: 0 of 1 cases", "1",
                run(results, 1, 1, 1, "lz4", "-", 100_000_000), run(results, 2, 2, 2, "lz4", "-", 104_000_000),
                run(results, 3, 1, 1, "iaa", "-", 110_000_000), run(results, 4, 2, 2, "iaa", "-", 112_000_000));
        String env = Files.readString(host.resolve("environment.properties"));
        assertTrue(env.contains("fio.comparison=0 of 1 cases paired"), env);
    }
}
