package io.vdobench.ffm.iaa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The recorded hosts in src/test/resources/iaa-hosts, recreated under a temporary directory. */
final class RecordedHosts {
    static final List<String> ALL = List.of("no-device", "amd-epyc", "device-no-wq", "dedicated-wq", "one-engine",
            "healthy-shared");

    private RecordedHosts() {
    }

    static List<String> lines(String name) {
        try (InputStream in = RecordedHosts.class.getResourceAsStream("/iaa-hosts/" + name + ".host")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture iaa-hosts/" + name + ".host");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Materializes fixture {@code name} under a fresh directory in {@code tmp} and returns that root. */
    static Path root(String name, Path tmp) {
        Path root;
        try {
            root = Files.createTempDirectory(tmp, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostRecording.materialize(lines(name), root);
        return root;
    }

    static IaaHost host(String name, Path tmp) {
        return IaaHostReader.read(root(name, tmp));
    }
}
