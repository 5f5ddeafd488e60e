package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {

    /** A stage file as PipelineBench writes it: 1000 data_vios in 0.1 s, codec 20 µs (iaa) or 3 µs (lz4). */
    static String stageFile(String pattern, String policy) {
        boolean write = pattern.contains("write");
        long codec = policy.equals("iaa") ? 20_000_000 : 3_000_000;
        String work = "{\"calls\": 1000, \"data_vios\": 1000, \"wall_ns\": %d, \"cpu_ns\": %d, \"sampled_calls\": 0,"
                + " \"sampled_wall_ns\": 1, \"sampled_cpu_ns\": 1}";
        String none = "{\"calls\": 0, \"data_vios\": 0, \"wall_ns\": 0, \"cpu_ns\": 0, \"sampled_calls\": 0,"
                + " \"sampled_wall_ns\": 0, \"sampled_cpu_ns\": 0}";
        return "{\"version\": 1, \"pattern\": \"" + pattern + "\", \"block_size\": 4096, \"policy\": \"" + policy
                + "\", \"jobs\": 1, \"execution\": \"inline\", \"vdo_threads\": \"\", \"cpu_threads\": 1,"
                + " \"host_cpus\": 2, \"window_wall_ns\": 100000000, \"process_cpu_ns\": " + (30_000_000 + codec)
                + ", \"host_busy_ns\": -1, \"stages\": {"
                + "\"hash\": " + (write ? String.format(work, 2_000_000, 2_000_000) : none) + ", "
                + "\"compress\": " + (write ? String.format(work, codec, codec) : none) + ", "
                + "\"pack\": " + none + ", "
                + "\"decompress\": " + (write ? none : String.format(work, codec, codec)) + ", "
                + "\"write\": " + (write ? String.format(work, 100_000_000, 50_000_000) : none) + ", "
                + "\"read\": " + (write ? none : String.format(work, 100_000_000, 50_000_000)) + "}}";
    }

    static Path run(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("stages"));
        StringBuilder csv = new StringBuilder("pattern,block_size,jobs,policy,mb_per_s\n");
        for (String pattern : List.of("write", "read")) {
            for (String policy : List.of("lz4", "iaa")) {
                csv.append(pattern).append(",4096,1,").append(policy).append(',').append(policy.equals("lz4") ? 60 : 40)
                        .append('\n');
                Files.writeString(dir.resolve("stages").resolve(pattern + "-" + policy + ".json"),
                        stageFile(pattern, policy));
            }
        }
        Files.writeString(dir.resolve("results.csv"), csv);
        return dir;
    }

    @Test
    void writesModelCsvValidationAndMarkdownAllMarkedModel(@TempDir Path tmp) throws Exception {
        Path dir = run(tmp.resolve("run"));
        String results = Files.readString(dir.resolve("results.csv"));
        BadInputTest.Result r = BadInputTest.run(new String[] {"model", dir.toString()});
        assertEquals(0, r.exit(), r.err());
        List<String> model = Files.readAllLines(dir.resolve("model.csv"));
        assertTrue(model.get(0).contains("MODEL_mb_per_s") && model.get(0).contains("MODEL_break_even_latency_us"),
                model.get(0));
        assertEquals(1 + 2 * 4, model.size(), "2 cases x 4 named sets");
        for (String col : model.get(0).split(",")) {
            assertTrue(col.startsWith("MODEL_") || !col.contains("model"), "modelled columns say MODEL: " + col);
        }
        assertEquals(1 + 2 * 2 * 4, Files.readAllLines(dir.resolve("model-validation.csv")).size());
        assertTrue(r.out().contains("# MODEL") && r.out().contains("qpl-doc-sync-1engine"), r.out());
        assertEquals(results, Files.readString(dir.resolve("results.csv")), "the measured table is untouched");
    }

    @Test
    void aCaseWithoutItsBaselineHasNoBreakEven(@TempDir Path tmp) throws Exception {
        Path dir = run(tmp.resolve("run"));
        String csv = Files.readString(dir.resolve("results.csv"));
        Files.writeString(dir.resolve("results.csv"), csv.replace("read,4096,1,lz4,60\n", ""));
        BadInputTest.Result r = BadInputTest.run(new String[] {"model", "--params", "qpl-doc-sync-1engine", dir.toString()});
        assertEquals(0, r.exit(), r.err());
        List<String> model = Files.readAllLines(dir.resolve("model.csv"));
        String read = model.stream().filter(l -> l.startsWith("read,")).findFirst().orElseThrow();
        assertTrue(read.endsWith(","), "no baseline, no break-even: " + read);
        assertTrue(r.out().contains("| read | 4 KiB | – |"), r.out());
        assertEquals(1 + 2 * 4, Files.readAllLines(dir.resolve("model-validation.csv")).size(), "only the write case pairs up");
    }

    @Test
    void aProbeFileIsAParameterSet(@TempDir Path tmp) throws Exception {
        Path dir = run(tmp.resolve("run"));
        Path probe = Path.of(getClass().getResource("/offload/recorded-probe.properties").toURI());
        BadInputTest.Result r = BadInputTest.run(new String[] {"model", "--params", probe.toString(), dir.toString()});
        assertEquals(0, r.exit(), r.err());
        List<String> model = Files.readAllLines(dir.resolve("model.csv"));
        assertEquals(3, model.size(), "2 cases x 1 set: " + model);
        assertTrue(model.get(1).contains(",recorded-probe,"), model.get(1));
    }
}
