package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One of the checkout's {@code scripts/}, run for real from the repository root by a test. */
record RepoScript(String name, long timeoutMinutes) {
    /** The repository root: the parent of the module the tests run in. */
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent().toAbsolutePath();

    /** Runs the script with {@code args} and extra environment, output and errors to {@code log}; its exit code. */
    int run(Path log, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(name + " " + String.join(" ", args) + " did not finish within " + timeoutMinutes + " min; see " + log);
        }
        return p.exitValue();
    }
}
