package io.vdobench.report.csv;

import io.vdobench.report.model.Environment;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** {@code environment.properties}: Java properties (UTF-8), keys in reports/SCHEMA.md, written sorted. */
public final class EnvironmentFile {
    public static final String FILE = "environment.properties";

    private EnvironmentFile() {
    }

    public static Environment read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ReportInputException(file, "not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return new Environment(new LinkedHashMap<>(m));
    }

    public static void write(Path file, Environment env) {
        Properties p = new Properties();
        p.putAll(env.properties());
        StringWriter sw = new StringWriter();
        try {
            p.store(sw, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store writes a date comment and hash order: drop the comment, sort the lines.
        List<String> lines = new ArrayList<>();
        for (String l : sw.toString().split("\n")) {
            if (!l.startsWith("#") && !l.isBlank()) {
                lines.add(l.stripTrailing());
            }
        }
        lines.sort(null);
        StringBuilder sb = new StringBuilder("# vdobench run environment (reports/SCHEMA.md)\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportInputException(file, "cannot write: " + e.getMessage(), e);
        }
    }
}
