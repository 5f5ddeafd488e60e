package io.vdobench.cli;

import io.vdobench.codec.Codecs;
import io.vdobench.data.DataKind;
import io.vdobench.report.csv.EnvironmentCapture;
import io.vdobench.report.csv.EnvironmentFile;
import io.vdobench.report.csv.FragmentsCsv;
import io.vdobench.report.csv.ReportInputException;
import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.RunDirectory;
import io.vdobench.report.html.HtmlReport;
import io.vdobench.report.model.RunData;
import io.vdobench.report.packing.FragmentSampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vdobench report DIR…}: renders run directories (reports/SCHEMA.md) into one self-contained
 * HTML page. One directory → {@code DIR/index.html}; several → one comparison page with a section
 * per run. Every input is read before anything is written: exit 0 when written, 2 (and nothing
 * written) when a directory is missing or an input file exists but cannot be read.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render run directories into one self-contained HTML report.",
            "Reads results.csv, summary.csv, environment.properties, codec-bench.csv,",
            "fragments.csv, conformance.csv, hostile.csv (see reports/SCHEMA.md).",
            "One DIR writes DIR/index.html; several DIRs write one comparison page (--out).",
            "A DIR without results.csv whose subdirectories have one (fio-collect: one per host) is those runs.",
            "Exit: 0 written, 2 a directory is missing or an input file is unreadable (then nothing is written)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "run directories")
    List<Path> dirs;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "HTML file to write (default: DIR/index.html for one DIR, ./comparison.html for several)")
    Path out;

    @Option(names = "--baseline", paramLabel = "POLICY",
            description = "reference policy for %% changes (default: summary.csv's policy_a, else lz4, else the first)")
    String baseline;

    @Option(names = "--sample-fragments", paramLabel = "N", defaultValue = "0",
            description = "when DIR has no fragments.csv, compress N 4 KiB blocks of fio 60 %% data with every codec"
                    + " available here and write DIR/fragments.csv first (sizes are deterministic per codec version)")
    int sampleFragments;

    @Option(names = "--no-html", description = "only prepare the directories (--sample-fragments, --capture-environment):"
            + " write no page")
    boolean noHtml;

    @Option(names = "--capture-environment",
            description = "when DIR has no environment.properties, write this host's (CPU, JDK, OS, codecs, QPL path)")
    boolean captureEnvironment;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String me = spec.qualifiedName() + ": ";
        if (sampleFragments < 0) {
            throw UsageException.badValue("--sample-fragments", sampleFragments, "use 0 (off) or a number of blocks");
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw UsageException.badValue("DIR", dir, "not a directory");
            }
        }
        Path target = out != null ? out : dirs.size() == 1 ? dirs.get(0).resolve("index.html") : Path.of("comparison.html");
        dirs = hostRuns(dirs);
        if (Files.isDirectory(target)) {
            throw UsageException.badValue("--out", target, "is a directory; give the HTML file to write");
        }
        // Read everything before writing anything: an unusable input leaves no page behind.
        List<String> problems = new ArrayList<>();
        Set<String> policies = new TreeSet<>();
        for (Path dir : dirs) {
            RunData run = RunDirectory.load(dir);
            run.brokenInputs().forEach(p -> problems.add(dir + ": " + p));
            run.results().rows().forEach(r -> policies.add(r.policy()));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(me + p + " (nothing written)"));
            err.flush();
            return 2;
        }
        if (baseline != null && !policies.isEmpty() && !policies.contains(baseline)) {
            throw UsageException.badValue("--baseline", baseline, "the results have " + String.join(", ", policies));
        }
        List<RunData> runs = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                prepare(dir, o);
            } catch (ReportInputException e) {
                err.println(me + e.getMessage());
                return 2;
            }
            runs.add(RunDirectory.load(dir));
        }
        if (noHtml) {
            o.flush();
            return 0;
        }
        HtmlReport.Page page = HtmlReport.render(runs, new HtmlReport.Options(baseline, HtmlReport.Options.defaults().generatedAt()));
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.writeString(target, page.html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(me + "cannot write " + target + ": " + e.getMessage());
            return 2;
        }
        o.printf("wrote %s (%d charts, %d run%s)%n", target, page.charts(), runs.size(), runs.size() == 1 ? "" : "s");
        o.flush();
        err.flush();
        return 0;
    }

    /**
     * A directory without results.csv whose subdirectories have one (vdobench fio-collect: one per host) stands for
     * those subdirectories, in name order, so every host becomes a run of the same page.
     */
    static List<Path> hostRuns(List<Path> dirs) {
        List<Path> expanded = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.exists(dir.resolve(ResultsCsv.FILE))) {
                expanded.add(dir);
                continue;
            }
            try (var sub = Files.list(dir)) {
                List<Path> hosts = sub.filter(d -> Files.isRegularFile(d.resolve(ResultsCsv.FILE))).sorted().toList();
                expanded.addAll(hosts.isEmpty() ? List.of(dir) : hosts);
            } catch (IOException e) {
                expanded.add(dir);
            }
        }
        return expanded;
    }

    private void prepare(Path dir, PrintWriter o) {
        if (captureEnvironment && !Files.exists(dir.resolve(EnvironmentFile.FILE))) {
            EnvironmentFile.write(dir.resolve(EnvironmentFile.FILE), EnvironmentCapture.capture(Path.of("")));
            o.println("wrote " + dir.resolve(EnvironmentFile.FILE));
        }
        if (sampleFragments > 0 && !Files.exists(dir.resolve(FragmentsCsv.FILE))) {
            try (Codecs codecs = Codecs.load()) {
                FragmentSampler.Result r = FragmentSampler.sample(codecs.available(), DataKind.FIO60, sampleFragments);
                FragmentsCsv.write(dir.resolve(FragmentsCsv.FILE), r.samples());
                r.skipped().forEach(s -> o.println("fragments: skipped " + s.codec() + ": " + s.reason()));
                o.println("wrote " + dir.resolve(FragmentsCsv.FILE) + " (" + r.samples().size() + " blocks)");
            }
        }
    }
}
