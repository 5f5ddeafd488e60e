package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Facts the kernel tests established, written to {@code kernel-check.properties} in the harness's work dir
 * after every put so {@code run.sh} can print its summary line even if a later test fails.
 */
public final class KernelCheckReport {
    private static final TreeMap<String, String> FACTS = new TreeMap<>();

    private KernelCheckReport() {
    }

    public static synchronized void put(String key, String value) {
        FACTS.put(key, value);
        Path file = KernelHarness.locate().workDir().resolve("kernel-check.properties");
        Properties p = new Properties();
        FACTS.forEach(p::setProperty);
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "facts from the kernel tests (mvn -Pkernel verify)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
