package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GateCommandTest {
    @TempDir
    Path dir;

    /** Writes a one-benchmark JMH JSON with n iterations around mean. */
    Path jmh(String name, double mean, double cv, int n, long seed, Object error) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = mean * (1 + cv * (r.nextDouble() - 0.5) * 3.46); // uniform with the given CV
        }
        Map<String, Object> pm = Map.of("score", mean, "scoreError", error == null ? mean * cv : error,
                "scoreUnit", "MB/s", "rawData", List.of(s));
        Map<String, Object> res = Map.of("benchmark", "io.vdobench.bench.CodecBench.compress", "mode", "thrpt",
                "params", Map.of("codec", "lz4:impl=jni"), "primaryMetric", pm);
        Path f = dir.resolve(name + ".json");
        new ObjectMapper().writeValue(f.toFile(), List.of(res));
        return f;
    }

    int run(StringWriter out, String... args) {
        CommandLine cl = CliErrors.install(new CommandLine(new GateCommand()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void exitCodesFollowTheVerdicts() throws Exception {
        Path base = jmh("base", 1000, 0.02, 15, 1, null);
        StringWriter o1 = new StringWriter();
        assertEquals(0, run(o1, "--baseline", base.toString(), "--current", jmh("same", 1000, 0.02, 15, 2, null).toString()));
        assertTrue(o1.toString().contains("no regression"), o1.toString());

        StringWriter o2 = new StringWriter();
        Path csv = dir.resolve("gate.csv");
        assertEquals(1, run(o2, "--baseline", base.toString(), "--current", jmh("slow", 880, 0.02, 15, 3, null).toString(),
                "--csv", csv.toString()));
        assertTrue(o2.toString().contains("REGRESSION"), o2.toString());
        assertTrue(Files.readString(csv).contains("REGRESSION"));

        StringWriter o3 = new StringWriter();
        assertEquals(2, run(o3, "--baseline", base.toString(), "--current", jmh("nan", 1000, 0.02, 15, 4, "NaN").toString()));
        assertTrue(o3.toString().contains("INVALID"), o3.toString());

        StringWriter o4 = new StringWriter();
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"not\": \"jmh\"}");
        assertEquals(2, run(o4, "--baseline", base.toString(), "--current", junk.toString()));
        assertTrue(o4.toString().contains("unusable input"), o4.toString());
    }

    @Test
    void unconfirmedRegressionDoesNotFail() throws Exception {
        Path base = jmh("base", 1000, 0.02, 15, 1, null);
        StringWriter o = new StringWriter();
        assertEquals(0, run(o, "--baseline", base.toString(), "--current", jmh("slow", 880, 0.02, 15, 3, null).toString(),
                "--confirm", jmh("fine", 1000, 0.02, 15, 5, null).toString()));
        assertTrue(o.toString().contains("UNCONFIRMED"), o.toString());
    }

    @Test
    void pooledRunsAreComparedTogether() throws Exception {
        // Two baseline runs (ABBA's A1, A2) and two current runs: 30 iterations a side.
        Path a1 = jmh("a1", 1000, 0.02, 15, 1, null);
        Path a2 = jmh("a2", 1000, 0.02, 15, 2, null);
        assertEquals(30, io.vdobench.report.gate.JmhResult.pool(java.util.List.of(a1, a2)).get(0).samples().length);
        StringWriter slow = new StringWriter();
        assertEquals(1, run(slow, "--baseline", a1.toString(), "--baseline", a2.toString(),
                "--current", jmh("b1", 900, 0.02, 15, 3, null).toString(), "--current", jmh("b2", 900, 0.02, 15, 4, null).toString()));
        StringWriter same = new StringWriter();
        assertEquals(0, run(same, "--baseline", a1.toString(), "--baseline", a2.toString(),
                "--current", jmh("b3", 1000, 0.02, 15, 5, null).toString(), "--current", jmh("b4", 1000, 0.02, 15, 6, null).toString()));
        StringWriter ab = new StringWriter();
        assertEquals(2, run(ab, "--ab", "HEAD"), "outside ./vdobench there is no repository to build REF from");
    }

    /** A JMH JSON of {@code benchmark} with {@code forks} forks of 4 iterations, fork levels around mean. */
    Path forks(String name, String benchmark, double mean, int forks, long seed) throws Exception {
        return forks(name, benchmark, Map.of(), mean, forks, seed);
    }

    Path forks(String name, String benchmark, Map<String, String> params, double mean, int forks, long seed)
            throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[]> raw = new java.util.ArrayList<>();
        for (int f = 0; f < forks; f++) {
            double level = mean * (1 + 0.02 * (r.nextDouble() - 0.5) * 3.46);
            double[] it = new double[4];
            for (int i = 0; i < it.length; i++) {
                it[i] = level * (1 + 0.03 * (r.nextDouble() - 0.5) * 3.46);
            }
            raw.add(it);
        }
        Map<String, Object> pm = Map.of("score", mean, "scoreError", mean * 0.05, "scoreUnit", "ops/s", "rawData", raw);
        Map<String, Object> res = Map.of("benchmark", benchmark, "mode", "thrpt", "params", params, "primaryMetric", pm);
        Path f = dir.resolve(name + ".json");
        new ObjectMapper().writeValue(f.toFile(), List.of(res));
        return f;
    }

    @Test
    void forkModeJudgesForkMeansAndABenchmarkMissingFromTheCurrentRunFails() throws Exception {
        String x = "io.vdobench.bench.CodecBench.compress";
        String y = "io.vdobench.bench.WritePathCostBench.writeBlock";
        List<String> a = List.of(forks("ax", x, 1000, 6, 1).toString(), forks("ay", y, 500, 6, 2).toString());
        StringWriter same = new StringWriter();
        assertEquals(0, run(same, "--unit", "fork", "--min-samples", "6", "--baseline", a.get(0), "--baseline", a.get(1),
                "--current", forks("bx", x, 1000, 6, 3).toString(), "--current", forks("by", y, 500, 6, 4).toString()),
                same.toString());
        assertTrue(same.toString().contains("unit of replication: fork means"), same.toString());

        StringWriter slow = new StringWriter();
        assertEquals(1, run(slow, "--unit", "fork", "--min-samples", "6", "--baseline", a.get(0), "--baseline", a.get(1),
                "--current", forks("cx", x, 1000, 6, 5).toString(), "--current", forks("cy", y, 440, 6, 6).toString()));
        assertTrue(slow.toString().contains("REGRESSION"), slow.toString());

        // The write benchmark failed to run: the gate must not pass on what is left.
        StringWriter gone = new StringWriter();
        assertEquals(1, run(gone, "--unit", "fork", "--min-samples", "6", "--baseline", a.get(0), "--baseline", a.get(1),
                "--current", forks("dx", x, 1000, 6, 7).toString()));
        assertTrue(gone.toString().contains("MISSING") && gone.toString().contains("missing from the current run"),
                gone.toString());
    }

    @Test
    void pairedConfirmationAndBadUnit() throws Exception {
        String x = "io.vdobench.bench.CodecBench.compress";
        Path a = forks("a", x, 1000, 6, 1);
        Path b = forks("b", x, 880, 6, 2);
        StringWriter confirmed = new StringWriter();
        assertEquals(1, run(confirmed, "--unit", "fork", "--min-samples", "6", "--baseline", a.toString(),
                "--current", b.toString(), "--confirm-baseline", forks("a2", x, 1000, 6, 3).toString(),
                "--confirm", forks("b2", x, 870, 6, 4).toString()), confirmed.toString());
        assertTrue(confirmed.toString().contains("confirmed by rerun"), confirmed.toString());
        StringWriter noise = new StringWriter();
        assertEquals(0, run(noise, "--unit", "fork", "--min-samples", "6", "--baseline", a.toString(),
                "--current", b.toString(), "--confirm-baseline", forks("a3", x, 1000, 6, 5).toString(),
                "--confirm", forks("b3", x, 1000, 6, 6).toString()), noise.toString());
        assertTrue(noise.toString().contains("UNCONFIRMED"), noise.toString());
        StringWriter bad = new StringWriter();
        assertEquals(2, run(bad, "--unit", "jvm", "--baseline", a.toString(), "--current", b.toString()));
        assertTrue(bad.toString().contains("--unit 'jvm'"), bad.toString());
    }

    @Test
    void aPairedSuspectExitsThreeUntilFreshRoundsDecide() throws Exception {
        String x = "io.vdobench.bench.CodecBench.compress";
        // 8 pairs, B a few % slower in 2-3 % noise: leans worse without proof at alpha 0.005.
        Path a = forks("pa", x, 1000, 8, 21);
        Path b = forks("pb", x, 935, 8, 22);
        StringWriter first = new StringWriter();
        int rc = run(first, "--unit", "pair", "--alpha", "0.005", "--noise-multiplier", "0", "--min-samples", "8",
                "--baseline", a.toString(), "--current", b.toString());
        assertEquals(3, rc, first.toString());
        assertTrue(first.toString().contains("SUSPECT"), first.toString());
        StringWriter decided = new StringWriter();
        int rc2 = run(decided, "--unit", "pair", "--alpha", "0.005", "--noise-multiplier", "0", "--min-samples", "8",
                "--baseline", a.toString(), "--current", b.toString(),
                "--confirm-baseline", forks("pa2", x, 1000, 16, 23).toString(),
                "--confirm", forks("pb2", x, 1000, 16, 24).toString());
        assertEquals(0, rc2, decided.toString());
        assertTrue(decided.toString().contains("not significant on all pairs"), decided.toString());
    }

    /**
     * scripts/gate-ab.sh reruns what the first look flagged, chosen from the gate's CSV by lib.sh under
     * {@code set -euo pipefail}. A CI run whose only SUSPECT was writeBlock once died in that selection (a grep
     * for codec rows found none) with exit 1 and no rerun; every mix of flagged rows must select cleanly.
     */
    @Test
    void theRerunSelectsExactlyWhatTheFirstLookFlagged() throws Exception {
        assertEquals("|1", flagged(1000, 850, 7), "only writeBlock flagged: no codec rerun, the pipeline rerun");
        assertEquals("lz4:impl:ffm|0", flagged(850, 1000, 8), "only the codec flagged");
        assertEquals("lz4:impl:ffm|1", flagged(850, 850, 9), "both flagged");
        assertEquals("|0", flagged(1000, 1000, 10), "nothing flagged");
    }

    /** Gate CSV of a codec and writeBlock whose current means are given; returns "codecs|pipeline" as lib.sh selects. */
    private String flagged(double codecMean, double writeMean, long seed) throws Exception {
        String x = "io.vdobench.bench.CodecBench.compress";
        String y = "io.vdobench.bench.WritePathCostBench.writeBlock";
        Map<String, String> lz4 = Map.of("codec", "lz4:impl:ffm", "blockSize", "4096");
        Map<String, String> wb = Map.of("footprint", "cache", "metadata", "on");
        Path csv = dir.resolve("gate-" + seed + ".csv");
        StringWriter out = new StringWriter();
        run(out, "--unit", "pair", "--alpha", "0.005", "--min-effect", "0.05", "--noise-multiplier", "0",
                "--min-samples", "8",
                "--baseline", forks("fa" + seed, x, lz4, 1000, 8, seed).toString(),
                "--baseline", forks("wa" + seed, y, wb, 1000, 8, seed + 100).toString(),
                "--current", forks("fb" + seed, x, lz4, codecMean, 8, seed + 200).toString(),
                "--current", forks("wb" + seed, y, wb, writeMean, 8, seed + 300).toString(),
                "--csv", csv.toString());
        Path lib = Path.of(System.getProperty("user.dir")).resolveSibling("scripts").resolve("lib.sh").toAbsolutePath();
        String script = "set -euo pipefail; source '" + lib + "'; c=\"$(vdobench_gate_flagged_codecs '" + csv
                + "')\"; p=\"$(vdobench_gate_flagged_pipeline '" + csv + "')\"; echo \"$c|$p\"";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String got = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), got + "\n" + out);
        return got;
    }
}
