package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.fio.Matrix;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import io.vdobench.vdo.ThreadConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs the smoke profile's cases for real (in-process, JMH -f 0, tiny iterations, an 8 MiB region)
 * through {@link MatrixRunner}, and shows that a read returning other data than was written fails
 * the run.
 */
class PipelineBenchRunTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static MatrixRunner.Settings tiny(Path out, String profile, List<String> policies, String patterns) {
        return MatrixRunner.parse(new String[] {"--profile", profile, "--policies", String.join(",", policies),
            "--out", out.toString(), "--forks", "0", "--warmup-iterations", "0", "--iterations", "1",
            "--iteration-ms", "150", "--region-mib", "8", "--patterns", patterns, "--ignore-jmh-lock", "--stage-timing"});
    }

    @Test
    void smokeProfileRunsEndToEndWithSideFiles(@TempDir Path out) throws Exception {
        var log = new ByteArrayOutputStream();
        Path merged = MatrixRunner.run(tiny(out, "smoke", List.of("lz4", "iaa"), "write,read,randwrite,randread"),
                new PrintStream(log, true));
        JsonNode all = MAPPER.readTree(merged.toFile());
        int cases = Matrix.load().cases("smoke").size();
        assertEquals(cases * 2, all.size(), log.toString());
        assertTrue(log.toString().contains("[" + cases * 2 + "/" + cases * 2 + "]"), log.toString());
        assertEquals("vdo.threads=" + ThreadConfig.DEFAULT, Files.readAllLines(out.resolve("volume.properties")).get(0));
        for (JsonNode r : all) {
            assertEquals("ops/s", r.path("primaryMetric").path("scoreUnit").asText());
            assertTrue(r.path("primaryMetric").path("score").asDouble() > 0);
            JsonNode p = r.path("params");
            assertEquals(ThreadConfig.DEFAULT.toString(), p.path("vdoThreads").asText(), "the volume's thread counts");
            assertEquals("threads", p.path("execution").asText(), "the matrix runs dm-vdo's threads by default");
            Path side = out.resolve("sidecars").resolve(Sidecar.key(r.path("benchmark").asText(),
                    p.path("pattern").asText(), p.path("blockSize").asInt(), p.path("policy").asText(),
                    p.path("regionMiB").asInt(), r.path("threads").asInt()) + ".json");
            assertTrue(Files.isRegularFile(side), "missing " + side);
            JsonNode s = MAPPER.readTree(side.toFile());
            assertTrue(s.path("latency_ns").path("N").asLong() > 0, side + ": no latency recorded");
            assertStageFile(out, r, p);
            if (p.path("pattern").asText().contains("read")) {
                assertTrue(s.path("compression_ratio").asDouble() > 1.5, side + ": fio 60 % data should compress");
            } else {
                // With dm-vdo's threads up to 2048 writes are in flight, the whole 8 MiB region here: a write
                // that finds its LBN's previous write still in flight cancels that one's compression (dm-vdo
                // does too), so only "some compressed" holds for every write case in a region this small.
                assertTrue(s.path("compression_ratio").asDouble() > 1.0
                        && s.path("statistics").path("compressed_fragments_written").asLong() > 0, side.toString());
            }
            if (p.path("pattern").asText().contains("read")) {
                assertTrue(s.path("verify").path("read_blocks_verified").asLong() > 0, side.toString());
            } else {
                assertTrue(s.path("verify").path("write_samples_verified").asLong() > 0, side.toString());
            }
            if (p.path("policy").asText().equals("iaa")) {
                // No IAA device here: the QPL fragments must not claim hardware.
                assertTrue(!s.path("executed_path").asText().equals("hardware")
                        || Files.exists(Path.of("/dev/iax")), s.toString());
            }
        }
    }

    @Test
    void threadedExecutionRunsEndToEndAndReportsItsThreads(@TempDir Path out) throws Exception {
        var settings = MatrixRunner.parse(new String[] {"--profile", "smoke", "--policies", "lz4",
            "--out", out.toString(), "--forks", "0", "--warmup-iterations", "0", "--iterations", "1",
            "--iteration-ms", "150", "--region-mib", "8", "--patterns", "randwrite,randread", "--jobs", "8",
            "--execution", "threads", "--vdo-threads", "cpu=2", "--ignore-jmh-lock"});
        assertTrue(!settings.stageTiming(), "stage timing is off unless asked for");
        Path merged = MatrixRunner.run(settings, new PrintStream(new ByteArrayOutputStream(), true));
        assertEquals(List.of("vdo.threads=" + ThreadConfig.parse("cpu=2"), "vdo.execution=threads"),
                Files.readAllLines(out.resolve("volume.properties")));
        JsonNode all = MAPPER.readTree(merged.toFile());
        assertTrue(all.size() > 0);
        for (JsonNode r : all) {
            JsonNode p = r.path("params");
            assertEquals("threads", p.path("execution").asText());
            Path side = out.resolve("sidecars").resolve(Sidecar.key(r.path("benchmark").asText(),
                    p.path("pattern").asText(), p.path("blockSize").asInt(), p.path("policy").asText(),
                    p.path("regionMiB").asInt(), r.path("threads").asInt()) + ".json");
            JsonNode st = MAPPER.readTree(side.toFile()).path("statistics");
            assertEquals("threads", st.path("execution").asText());
            List<String> names = new java.util.ArrayList<>();
            st.path("threads").forEach(t -> names.add(t.path("name").asText()));
            assertEquals(ThreadConfig.parse("cpu=2").threadNames(), names, side.toString());
            long cpuCompletions = 0;
            for (JsonNode t : st.path("threads")) {
                if (t.path("name").asText().startsWith("cpuQ")) {
                    cpuCompletions += t.path("completions").asLong();
                }
            }
            assertTrue(cpuCompletions > 0, side + ": the cpu threads hashed, compressed or decompressed");
            JsonNode measured = MAPPER.readTree(side.toFile()).path("measured");
            assertTrue(measured.path("data_vios").asLong() > 0, side + ": the measured part submitted data_vios");
            assertTrue(measured.path("cpu_thread_busy_ns_per_data_vio").asDouble() > 0, side.toString());
            List<String> measuredNames = new java.util.ArrayList<>();
            for (JsonNode t : measured.path("threads")) {
                measuredNames.add(t.path("name").asText());
                double busy = t.path("busy_pct").asDouble(-1);
                assertTrue(busy >= 0 && busy <= 100, side + ": " + t);
                assertTrue(t.path("queue_max").asInt(-1) >= 0 && t.path("queue_mean").asDouble(-1) >= 0, t.toString());
            }
            assertEquals(names, measuredNames, "every thread's load over the measured part");
        }
        assertTrue(!Files.exists(out.resolve("stages")), "no stage files without --stage-timing");
    }

    /** The stage file of a trial: the measured window's data_vios, and the stages its pattern does. */
    private static void assertStageFile(Path out, JsonNode r, JsonNode p) throws java.io.IOException {
        Path file = MatrixRunner.stagesDir(out.resolve("sidecars")).resolve(Sidecar.key(r.path("benchmark").asText(),
                p.path("pattern").asText(), p.path("blockSize").asInt(), p.path("policy").asText(),
                p.path("regionMiB").asInt(), r.path("threads").asInt()) + ".json");
        assertTrue(Files.isRegularFile(file), "missing " + file);
        JsonNode s = MAPPER.readTree(file.toFile());
        boolean write = p.path("pattern").asText().contains("write");
        JsonNode io = s.path("stages").path(write ? "write" : "read");
        assertTrue(io.path("data_vios").asLong() > 0, file + ": no data_vio in the window");
        assertEquals(p.path("blockSize").asInt() / 4096 * io.path("calls").asLong(), io.path("data_vios").asLong());
        assertTrue(s.path("process_cpu_ns").asLong() > 0 && s.path("window_wall_ns").asLong() > 0, file.toString());
        JsonNode work = s.path("stages").path(write ? "compress" : "decompress");
        assertTrue(work.path("calls").asLong() > 0 && work.path("cpu_ns").asLong() > 0, file + ": " + work);
    }

    @Test
    void corruptedReadFailsTheRun(@TempDir Path out) throws Exception {
        // In a forked JVM (as real runs are), with the hook that flips every stored checksum.
        var settings = MatrixRunner.parse(new String[] {"--profile", "smoke", "--policies", "lz4",
            "--out", out.toString(), "--forks", "1", "--warmup-iterations", "0", "--iterations", "1",
            "--iteration-ms", "150", "--region-mib", "8", "--patterns", "randread", "--jobs", "1",
            "--jvm-arg", "-D" + PipelineVolume.CORRUPT_EXPECTED_HOOK + "=true", "--ignore-jmh-lock"});
        var log = new ByteArrayOutputStream();
        assertThrows(RunnerException.class, () -> MatrixRunner.run(settings, new PrintStream(log, true)));
        String jmhLog = Files.readString(out.resolve("jmh-logs").resolve("randread-4k-1j-lz4-f1.log"));
        assertTrue(jmhLog.contains("ReadVerificationException") && jmhLog.contains("expected"), jmhLog);
        assertTrue(!Files.exists(out.resolve("jmh-results.json")));
    }

    @Test
    void writeThatReadsBackDifferentlyFailsTheRun(@TempDir Path out) throws Exception {
        var settings = MatrixRunner.parse(new String[] {"--profile", "smoke", "--policies", "lz4",
            "--out", out.toString(), "--forks", "1", "--warmup-iterations", "0", "--iterations", "1",
            "--iteration-ms", "150", "--region-mib", "8", "--patterns", "randwrite", "--jobs", "1",
            "--jvm-arg", "-D" + PipelineVolume.CORRUPT_LAST_WRITE_HOOK + "=true", "--ignore-jmh-lock"});
        assertThrows(RunnerException.class, () -> MatrixRunner.run(settings,
                new PrintStream(new ByteArrayOutputStream(), true)));
        String jmhLog = Files.readString(out.resolve("jmh-logs").resolve("randwrite-4k-1j-lz4-f1.log"));
        assertTrue(jmhLog.contains("reads back different data"), jmhLog);
    }

    @Test
    void planInterleavesPoliciesOverTheProfilesCases() {
        Matrix m = Matrix.load();
        var quick = MatrixRunner.plan(m, MatrixRunner.parse(new String[] {"--out", "x", "--profile", "quick"}));
        assertEquals(144, quick.size());
        // One fork each: the first case runs A then B, the next B then A (counterbalanced over the cases).
        assertEquals("write-4k-1j-lz4-f1", quick.get(0).name());
        assertEquals("write-4k-1j-iaa-f1", quick.get(1).name());
        assertEquals("write-4k-8j-iaa-f1", quick.get(2).name());
        assertEquals("write-4k-8j-lz4-f1", quick.get(3).name());
        assertThrows(IllegalArgumentException.class, () -> MatrixRunner.parse(new String[] {"--profile", "quick"}));
        assertThrows(IllegalArgumentException.class,
                () -> MatrixRunner.parse(new String[] {"--out", "x", "--profile", "nope"}));
        assertEquals(ThreadConfig.parse("cpu=2"),
                MatrixRunner.parse(new String[] {"--out", "x", "--vdo-threads", "cpu=2"}).vdoThreads());
        assertEquals(Execution.THREADS,
                MatrixRunner.parse(new String[] {"--out", "x", "--execution", "threads"}).execution());
        assertThrows(IllegalArgumentException.class,
                () -> MatrixRunner.parse(new String[] {"--out", "x", "--execution", "both"}));
        var bad = assertThrows(ThreadConfigException.class,
                () -> MatrixRunner.parse(new String[] {"--out", "x", "--vdo-threads", "cpu=0"}));
        assertTrue(bad.getMessage().contains("at least one 'cpu' thread required"), bad.getMessage());
    }

    @Test
    void sidecarKeyIsTheContractWithTheAssembler() {
        // reports' MatrixResults.sidecarKey must produce the same name (its test pins the same string).
        assertEquals("PipelineBench.io-randread-65536-iaa-r64-t8",
                Sidecar.key("io.vdobench.bench.PipelineBench.io", "randread", 65536, "iaa", 64, 8));
    }
}
