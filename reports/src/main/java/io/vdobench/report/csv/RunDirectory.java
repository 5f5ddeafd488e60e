package io.vdobench.report.csv;

import io.vdobench.report.model.IoVerdict;

import io.vdobench.report.model.Environment;
import io.vdobench.report.model.Input;
import io.vdobench.report.model.RunData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Loads a run directory: every file of reports/SCHEMA.md that is there. Missing files become
 * "no data" sections; files that exist but cannot be read are recorded as broken (never silently
 * skipped). The conformance CSV is also looked for where the conformance module writes it.
 */
public final class RunDirectory {
    private RunDirectory() {
    }

    public static RunData load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ReportInputException(dir, "not a directory");
        }
        Environment env = Environment.empty();
        String envProblem = "";
        Path envFile = dir.resolve(EnvironmentFile.FILE);
        if (Files.isRegularFile(envFile)) {
            try {
                env = EnvironmentFile.read(envFile);
            } catch (ReportInputException e) {
                envProblem = e.getMessage();
            }
        }
        String label = env.get(Environment.LABEL);
        if (label.isEmpty()) {
            Path name = dir.toAbsolutePath().normalize().getFileName();
            label = name == null ? dir.toString() : name.toString();
        }
        var codecBench = Files.isRegularFile(dir.resolve(CodecBenchCsv.FILE)) || !Files.isRegularFile(dir.resolve(CodecBenchJson.FILE))
                ? load(dir, CodecBenchCsv.FILE, CodecBenchCsv::read)
                : load(dir, CodecBenchJson.FILE, CodecBenchJson::read);
        return new RunData(dir, label, env,
                load(dir, ResultsCsv.FILE, ResultsCsv::read),
                load(dir, SummaryCsv.FILE, SummaryCsv::read),
                codecBench,
                load(dir, FragmentsCsv.FILE, FragmentsCsv::read),
                load(dir, ConformanceCsv.FILE, ConformanceCsv::read),
                load(dir, HostileCsv.FILE, HostileCsv::read),
                load(dir, IntervalsCsv.FILE, IntervalsCsv::read),
                load(dir, VerdictsCsv.FILE, f -> VerdictsCsv.read(f).stream().map(IoVerdict::of).toList()),
                load(dir, SectionsFile.FILE, f -> List.copyOf(SectionsFile.read(f).values())),
                envProblem);
    }

    static <T> Input<T> load(Path dir, String name, Function<Path, List<T>> reader) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            return Input.missing(name);
        }
        try {
            return Input.of(name, reader.apply(f));
        } catch (ReportInputException e) {
            return Input.broken(name, "cannot read " + name + ": " + e.getMessage());
        }
    }
}
