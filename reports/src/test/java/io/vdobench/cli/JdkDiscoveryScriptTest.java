package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK discovery of {@code scripts/lib.sh} (used by ./vdobench, run-tests.sh, run-matrix.sh and
 * .ci/run), run by bash against fake JDK folders.
 */
class JdkDiscoveryScriptTest {
    private static final Path LIB = Path.of(System.getProperty("user.dir")).resolveSibling("scripts").resolve("lib.sh")
            .toAbsolutePath();

    @TempDir
    Path jvm;

    /** A fake JDK: a {@code release} file and executable java/javac stubs (javac optional). */
    private Path jdk(String dir, String releaseVersion, boolean javac) throws IOException {
        Path home = jvm.resolve(dir);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + releaseVersion + "\"\n");
        stub(home.resolve("bin/java"));
        if (javac) {
            stub(home.resolve("bin/javac"));
        }
        return home;
    }

    private static void stub(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs vdobench_find_jdk; returns exit code, then stdout (JAVA_HOME it chose), then stderr. */
    private String[] findJdk(String javaHome) throws Exception {
        String script = "source '" + LIB + "'; vdobench_find_jdk && echo \"$JAVA_HOME\"";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().put("VDOBENCH_JVM_DIR", jvm.toString());
        // No javac on PATH: only the fake folders count.
        pb.environment().put("PATH", "/usr/bin:/bin");
        if (javaHome == null) {
            pb.environment().remove("JAVA_HOME");
        } else {
            pb.environment().put("JAVA_HOME", javaHome);
        }
        Path err = Files.createTempFile(jvm, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out, Files.readString(err)};
    }

    @Test
    void picksTheNewestJdkOfAtLeast22() throws Exception {
        jdk("java-17", "17.0.15", true);
        jdk("jdk-22", "22.0.2", true);
        Path newest = jdk("temurin-25", "25.0.3", true);
        jdk("jre-26", "26", false); // no javac: not a JDK, cannot build
        String[] r = findJdk(null);
        assertEquals("0", r[0], r[2]);
        assertEquals(newest.toString(), r[1]);
    }

    @Test
    void usesJavaHomeWhenItIsNewEnough() throws Exception {
        Path chosen = jdk("jdk-22", "22.0.2", true);
        jdk("temurin-25", "25.0.3", true);
        String[] r = findJdk(chosen.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(chosen.toString(), r[1]);
    }

    @Test
    void ignoresATooOldJavaHome() throws Exception {
        Path old = jdk("java-17", "17.0.15", true);
        Path good = jdk("temurin-25", "25.0.3", true);
        String[] r = findJdk(old.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(good.toString(), r[1]);
    }

    @Test
    void explainsWhatToDoAndExits2WhenNoJdkFits() throws Exception {
        jdk("java-17", "17.0.15", true);
        jdk("java-8", "1.8.0_392", true);
        String[] r = findJdk(null);
        assertEquals("2", r[0]);
        assertEquals("", r[1]);
        for (String expected : List.of("no JDK >= 22 found", "java-17 (Java 17)", "java-8 (Java 8)",
                "Install a JDK >= 22", "JAVA_HOME")) {
            assertTrue(r[2].contains(expected), "missing '" + expected + "' in:\n" + r[2]);
        }
    }
}
