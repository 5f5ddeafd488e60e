package io.vdobench.ffm.iaa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of sysfs and procfs that never throw: sysfs answers some reads with an error (e.g. {@code cdev_minor} of a
 * disabled queue), and a missing file is a fact ("unknown"), not a failure.
 */
final class SysFiles {
    private SysFiles() {
    }

    /** The file's text, stripped; "" when absent or unreadable. */
    static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static List<String> lines(Path p) {
        try {
            return Files.isRegularFile(p) && Files.isReadable(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The directory's entries, sorted by name; empty when it is absent or unreadable. */
    static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
