package io.vdobench.report.csv;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.ffm.qpl.IaaSetup;
import io.vdobench.report.model.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Collects {@link Environment} facts from this host and the codecs on the class path. */
public final class EnvironmentCapture {
    private EnvironmentCapture() {
    }

    public static Environment capture(Path repoDir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Environment.SCHEMA, "1");
        m.put(Environment.TIMESTAMP, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put(Environment.CPU_MODEL, cpuModel());
        m.put(Environment.CPU_CORES, Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put(Environment.JDK, System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version", "?"));
        m.put(Environment.OS, osName());
        m.putAll(IaaSetup.thisHost(true).facts());
        m.put(Environment.GIT_COMMIT, gitCommit(repoDir));
        try (Codecs codecs = Codecs.load()) {
            codecs(m, codecs.all().stream().map(Codec::info).toList());
            try {
                m.put(Environment.PIPELINE_LZ4, codecs.defaultLz4().note());
            } catch (io.vdobench.codec.CodecUnavailableException e) {
                m.put(Environment.PIPELINE_LZ4, "none available: " + e.getMessage());
            }
        }
        return new Environment(m);
    }

    /** Adds {@code codec.<id>.*} keys and the QPL summary ({@code qpl.path}, {@code qpl.version}, {@code qpl.reason}). */
    static void codecs(Map<String, String> m, List<CodecInfo> infos) {
        CodecInfo qpl = null;
        for (CodecInfo i : infos) {
            String k = "codec." + i.id();
            m.put(k + ".path", i.path().label());
            m.put(k + ".library", i.library());
            m.put(k + ".version", i.version());
            if (!i.available()) {
                m.put(k + ".reason", i.reason());
            }
            if (i.name().equals("qpl") && (qpl == null || (!qpl.available() && i.available()))) {
                qpl = i;
            }
        }
        if (qpl == null) {
            m.put(Environment.QPL_PATH, ExecutionPath.NONE.label());
            m.put(Environment.QPL_REASON, "no qpl codec on the class path");
        } else {
            m.put(Environment.QPL_PATH, qpl.path().label());
            m.put(Environment.QPL_VERSION, qpl.version());
            if (!qpl.available()) {
                m.put(Environment.QPL_REASON, qpl.reason());
            }
        }
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no access: say so rather than guess
        }
        return "unknown (" + System.getProperty("os.arch", "?") + ")";
    }

    static String osName() {
        String base = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?");
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8)) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring(12).replace("\"", "") + ", " + base;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return base;
    }


    static String gitCommit(Path repoDir) {
        if (repoDir == null) {
            return "unknown";
        }
        try {
            Process p = new ProcessBuilder("git", "-C", repoDir.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
