package io.vdobench.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's fio for the tests that run the real binary: installed when missing (see
 * {@link Prerequisites}), checked to be a fio 3.x and, for the NBD tests, to have the nbd engine
 * (Debian builds it with libnbd).
 */
public final class FioTool {
    private static volatile String version;
    private static volatile Boolean nbd;

    private FioTool() {
    }

    /** fio 3.x (the generator is byte-exact with fio 3.33's buffers). */
    public static Path fio() {
        Path fio = Prerequisites.debianTool("fio", "fio");
        if (version == null) {
            version = output(fio, "--version").strip();
        }
        Prerequisites.require(version.startsWith("fio-3."), () -> fio + " is '" + version + "', not fio 3.x");
        return fio;
    }

    /** fio 3.x with {@code ioengine=nbd}. */
    public static Path fioWithNbd() {
        Path fio = fio();
        if (nbd == null) {
            nbd = output(fio, "--enghelp").lines().anyMatch(l -> l.strip().equals("nbd"));
        }
        Prerequisites.require(nbd, () -> fio + " (" + version + ") was built without the nbd engine (needs libnbd)");
        return fio;
    }

    private static String output(Path fio, String option) {
        try {
            Process p = new ProcessBuilder(fio.toString(), option).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
