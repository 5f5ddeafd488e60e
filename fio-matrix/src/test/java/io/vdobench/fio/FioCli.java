package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.vdobench.testing.FioTool;

/** Runs the real fio binary in tests (Debian's, installed by {@link FioTool} when missing). */
final class FioCli {
    private FioCli() {
    }

    /** Makes sure fio 3.x is on PATH, so commands can name it {@code fio} (and run.sh finds it). */
    static void requireFio() {
        FioTool.fio();
    }

    /** Runs fio and returns stdout+stderr; fails the test on a non-zero exit. */
    static String run(Path cwd, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(args);
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timeout: " + cmd);
            }
            String s = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail("exit " + p.exitValue() + ": " + cmd + "\n" + s);
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
