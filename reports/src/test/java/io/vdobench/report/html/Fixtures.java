package io.vdobench.report.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the synthetic fixture run (src/test/resources/report/synthetic-run) to a writable directory. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path syntheticRun(Path into) {
        try {
            Path src = Path.of(Fixtures.class.getClassLoader().getResource("report/synthetic-run/results.csv").toURI()).getParent();
            Files.createDirectories(into);
            try (Stream<Path> s = Files.list(src)) {
                for (Path p : s.toList()) {
                    Files.copy(p, into.resolve(p.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
