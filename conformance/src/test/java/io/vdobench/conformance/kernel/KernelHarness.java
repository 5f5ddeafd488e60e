package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Java front of the shell harness in {@code conformance/kernel/}: builds the guest (cached) and
 * boots it with a scenario through {@code boot.sh}. Output of the scripts goes to a log file in the
 * run directory; a failure message carries its tail.
 */
public final class KernelHarness {
    private final Path kernelDir;

    private KernelHarness(Path kernelDir) {
        this.kernelDir = kernelDir;
    }

    /**
     * The harness directory: {@code -Dvdobench.kernel.dir} (set by the kernel Maven profile) or
     * {@code kernel/} / {@code conformance/kernel/} below the working directory.
     */
    public static KernelHarness locate() {
        String prop = System.getProperty("vdobench.kernel.dir");
        List<Path> candidates = new ArrayList<>();
        if (prop != null && !prop.isBlank()) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("kernel"));
        candidates.add(Path.of("conformance", "kernel"));
        for (Path p : candidates) {
            if (Files.isExecutable(p.resolve("boot.sh"))) {
                return new KernelHarness(p.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("kernel harness (boot.sh) not found; looked in " + candidates);
    }

    public Path dir() {
        return kernelDir;
    }

    /**
     * Where runs and facts go: {@code $VDOBENCH_KERNEL_WORK} when set (run.sh sets it, so a fault-check
     * run does not overwrite the real check's images and facts), else {@code conformance/kernel/target}.
     */
    public Path workDir() {
        String work = System.getenv("VDOBENCH_KERNEL_WORK");
        return work != null && !work.isBlank() ? Path.of(work) : kernelDir.resolve("target");
    }

    /** A fresh directory for one run under {@code <workDir>/runs/}. */
    public Path runDir(String name) throws IOException {
        Path d = workDir().resolve("runs").resolve(name);
        Files.createDirectories(d);
        return d;
    }

    /** Result of one guest boot. */
    public record Boot(int exitCode, Path outDir, Map<String, String> env, double seconds, String log) {
        public Path results() {
            return outDir.resolve("results");
        }

        public Path result(String name) {
            return results().resolve(name);
        }

        public String require() {
            if (exitCode != 0) {
                throw new AssertionError("guest boot failed with exit " + exitCode + "\n" + log);
            }
            return log;
        }
    }

    /**
     * Boots {@code scenario}. With {@code newBackingSize} non-null the backing image is (re)created
     * sparse and formatted; otherwise the existing image is started as it is.
     */
    public Boot boot(String scenario, Path backing, String newBackingSize, Path out, List<Path> inputs,
                     Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kernelDir.resolve("boot.sh").toString(),
                "--scenario", scenario, "--backing", backing.toString(), "--out", out.toString(),
                "--timeout", Integer.toString(timeoutSeconds)));
        if (newBackingSize != null) {
            cmd.addAll(List.of("--new-backing", newBackingSize));
        }
        for (Path in : inputs) {
            cmd.addAll(List.of("--input", in.toString()));
        }
        env.forEach((k, v) -> cmd.addAll(List.of("--env", k + "=" + v)));
        Files.createDirectories(out);
        Path log = out.resolve("harness.log");
        String run = out.getParent() != null ? out.getParent().getFileName().toString() : scenario;
        KernelCheckReport.put("boot_console." + run, out.resolve("console.log").toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds + 300L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            recordBootFailure(run, "timeout", "boot.sh did not return within " + (timeoutSeconds + 300) + "s");
            throw new IOException("boot.sh did not return; log " + log);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int code = p.exitValue();
        String tail = tail(log, 60);
        if (code != 0) {
            recordBootFailure(run, Integer.toString(code), lastError(tail));
        }
        return new Boot(code, out, readEnv(out.resolve("boot.env")), secs, tail);
    }

    /**
     * A failed boot as a fact {@code boot_failure.<run>=exit=<code> <message>}, so run.sh can name the
     * boot and print the tail of its console (fact {@code boot_console.<run>}, kept for every boot).
     * boot.sh exits 120..126 for harness failures, the guest's init 90..95 for module/format/start
     * failures, a scenario its own status.
     */
    private static void recordBootFailure(String run, String code, String message) {
        KernelCheckReport.put("boot_failure." + run, "exit=" + code + " " + message.replaceAll("\\s+", " ").trim());
    }

    private static String lastError(String log) {
        String[] lines = log.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].contains("ERROR")) {
                return lines[i];
            }
        }
        return lines.length > 0 ? lines[lines.length - 1] : "";
    }

    /** Copies a sparse image keeping its holes (Files.copy would write 12 GiB of zeros). */
    public static void copySparse(Path from, Path to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cp", "--sparse=always", from.toString(), to.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("cp --sparse=always failed: " + out);
        }
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return m;
        }
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String v = line.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(line.substring(0, eq), v);
            }
        }
        return m;
    }

    static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Reads a "key : value" table such as {@code vdostats --verbose}. */
    public static Map<String, String> readColonTable(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int c = line.indexOf(':');
            if (c > 0) {
                m.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
            }
        }
        return m;
    }
}
