package io.vdobench.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * What a test needs from the host that is not IAA hardware: a Debian tool (installed on demand by
 * {@code scripts/ensure-debian-package.sh}), a provisioned library, a file another module writes.
 * When it cannot be had the test is skipped with the reason, except with {@code CI=true} in the
 * environment, where it fails: CI must never go green on tests that did not run. A missing IAA
 * device is not a prerequisite: tests needing one keep their own {@code assumeTrue} with the reason.
 */
public final class Prerequisites {
    /** The shared installer, relative to the repository root. */
    static final String SCRIPT = "scripts/ensure-debian-package.sh";
    /** Exit code of the script when the tool cannot be installed on this host. */
    static final int CANNOT_INSTALL = 3;
    private static final long INSTALL_TIMEOUT_MINUTES = 15;
    /** Per JVM: "package command..." → the tool's path, or the reason it cannot be had. */
    private static final Map<String, Outcome> TOOLS = new ConcurrentHashMap<>();

    private Prerequisites() {
    }

    /** A tool's path, or why there is none; {@code broken} when the installer itself failed (a bug, never skipped). */
    private record Outcome(Path path, String reason, boolean broken) {
        static Outcome missing(String reason) {
            return new Outcome(null, reason, false);
        }
    }

    /** True when the environment says this is a CI run ({@code CI=true}, as CI services set it). */
    public static boolean ci() {
        return ci(System.getenv("CI"));
    }

    static boolean ci(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }

    /**
     * The path of the first of {@code commands} on PATH, installing Debian's {@code debianPackage}
     * when none is there (a file path as command is checked as a file, e.g. a header). Skips the test
     * (fails it with {@code CI=true}) when it cannot be installed.
     */
    public static Path debianTool(String debianPackage, String... commands) {
        if (debianPackage.isBlank() || commands.length == 0 || List.of(commands).stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("a package and at least one command, none blank: " + debianPackage
                    + " " + List.of(commands));
        }
        String key = debianPackage + " " + String.join(" ", commands);
        Outcome o = TOOLS.computeIfAbsent(key, k -> install(debianPackage, commands));
        if (o.broken()) {
            fail(o.reason());
        }
        if (o.path() == null) {
            unavailable(o.reason());
        }
        return o.path();
    }

    /** Skips the test with {@code reason} (fails it with {@code CI=true}) unless {@code met}. */
    public static void require(boolean met, Supplier<String> reason) {
        if (!met) {
            unavailable(reason.get());
        }
    }

    /** Skips the test with {@code reason} (fails it with {@code CI=true}). */
    public static void require(boolean met, String reason) {
        require(met, () -> reason);
    }

    private static void unavailable(String reason) {
        unavailable(reason, ci());
    }

    static void unavailable(String reason, boolean ci) {
        if (ci) {
            fail("CI=true and a prerequisite is missing: " + reason);
        }
        Assumptions.abort(reason + " (skipped; with CI=true this fails)");
    }

    private static Outcome install(String debianPackage, String[] commands) {
        Path script = script();
        if (script == null) {
            return new Outcome(null, SCRIPT + " not found above " + Path.of("").toAbsolutePath(), true);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), debianPackage));
        cmd.addAll(List.of(commands));
        try {
            Path out = Files.createTempFile("ensure-debian-package", ".out");
            Path err = Files.createTempFile("ensure-debian-package", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return Outcome.missing("installing " + debianPackage + " took longer than "
                            + INSTALL_TIMEOUT_MINUTES + " minutes");
                }
                String path = Files.readString(out).strip();
                if (p.exitValue() == 0 && !path.isEmpty()) {
                    return new Outcome(Path.of(path.lines().reduce((a, b) -> b).orElseThrow()), "", false);
                }
                String reason = String.join("/", commands) + " unavailable (Debian package " + debianPackage + ", "
                        + SCRIPT + " exit " + p.exitValue() + "): " + Files.readString(err).strip();
                return new Outcome(null, reason, p.exitValue() != CANNOT_INSTALL);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Outcome(null, "cannot run " + script + ": " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestAbortedException("interrupted while installing " + debianPackage, e);
        }
    }

    /** The installer, looked for from the working directory (a module, or the root) upwards. */
    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve(SCRIPT);
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        return null;
    }
}
