package io.vdobench.report.csv;

import io.vdobench.report.model.SectionRun;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * {@code sections.properties}: which command produced each section of the run directory, what it ran and how
 * long it took (keys {@code <section>.command}, {@code .ran}, {@code .seconds}, {@code .status}). Written by
 * scripts/report-sections.sh and run-matrix.sh.
 */
public final class SectionsFile {
    public static final String FILE = "sections.properties";

    private SectionsFile() {
    }

    /** Section name → how it ran; sections named only by some key still appear (missing keys read as unknown). */
    public static Map<String, SectionRun> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ReportInputException(file, "cannot read: " + e.getMessage(), e);
        }
        TreeSet<String> names = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            int dot = k.lastIndexOf('.');
            if (dot <= 0) {
                throw new ReportInputException(file, "key '" + k + "' is not <section>.<command|ran|seconds|status>");
            }
            names.add(k.substring(0, dot));
        }
        Map<String, SectionRun> out = new LinkedHashMap<>();
        for (String n : names) {
            String s = p.getProperty(n + ".seconds", "").strip();
            long seconds;
            try {
                seconds = s.isEmpty() ? -1 : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ReportInputException(file, n + ".seconds '" + s + "' is not a whole number of seconds");
            }
            out.put(n, new SectionRun(n, p.getProperty(n + ".command", "").strip(), p.getProperty(n + ".ran", "").strip(),
                    seconds, p.getProperty(n + ".status", "unknown").strip()));
        }
        return out;
    }
}
