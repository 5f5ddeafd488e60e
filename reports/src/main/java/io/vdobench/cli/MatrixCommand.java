package io.vdobench.cli;

import io.vdobench.fio.BandwidthUnit;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.ComparisonSummary;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.MissingResultsException;
import io.vdobench.fio.PolicyComparison;
import io.vdobench.fio.SignFlipCheck;
import io.vdobench.report.csv.EnvironmentCapture;
import io.vdobench.report.csv.EnvironmentFile;
import io.vdobench.report.csv.IntervalsCsv;
import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.SummaryCsv;
import io.vdobench.report.csv.VerdictsCsv;
import io.vdobench.report.matrix.CaseIntervals;
import io.vdobench.report.matrix.MatrixResults;
import io.vdobench.report.model.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vdobench matrix-results}: turns a pipeline-matrix run (JMH JSON + PipelineBench side files)
 * into the run directory of reports/SCHEMA.md: {@code results.csv}, {@code intervals.csv}, {@code summary.csv} (+ the
 * patch-style {@code summary.txt} and per-case {@code cases.csv}), fio-shaped {@code fio/*.json},
 * {@code environment.properties} and {@code index.html}. {@code run-matrix.sh} calls it after the
 * benches ({@code io.vdobench.bench.MatrixRunner}).
 */
@Command(name = "matrix-results", mixinStandardHelpOptions = true,
        description = {"Assemble a pipeline-matrix run directory from JMH JSON and PipelineBench side files:",
            "results.csv, intervals.csv, summary.csv, summary.txt, cases.csv, verdicts.csv, fio/*.json,",
            "environment.properties, index.html. Forks of one case and policy (separate JMH runs) are pooled in",
            "file order and paired with the other policy's forks in that order.",
            "Exit: 0 written, 1 results incomplete for the comparison, 2 bad input."})
public final class MatrixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "run directory (reads DIR/jmh-results.json and DIR/sidecars/ unless given; writes here)")
    Path dir;

    @Option(names = "--jmh", paramLabel = "FILE", split = ",",
            description = "JMH JSON file(s) (default: DIR/jmh-results.json)")
    List<Path> jmh;

    @Option(names = "--sidecars", paramLabel = "DIR", description = "side-file directory (default: DIR/sidecars)")
    Path sidecars;

    @Option(names = "--baseline", defaultValue = "lz4", paramLabel = "POLICY", description = "policy A (default lz4)")
    String baseline;

    @Option(names = "--candidate", paramLabel = "POLICY",
            description = "policy B (default iaa, or the only other policy in the results)")
    String candidate;

    @Option(names = "--source", defaultValue = "jmh", description = "results.csv 'source' column (default jmh)")
    String source;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "extra environment.properties entries")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--aa-check", paramLabel = "N", defaultValue = "0",
            description = "also settle N resamples of the run's fork pairs with A and B swapped at random within each"
                    + " pair, and print how often a verdict was not 'no detectable difference' (the false-alarm rate"
                    + " on this run's own noise; appended to summary.txt)")
    int aaCheck;

    @Option(names = "--no-html", description = "do not render index.html")
    boolean noHtml;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "vdobench checkout (git commit)")
    Path repo;

    public static void main(String[] args) {
        System.exit(Main.execute("matrix-results", args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> inputs = jmh == null || jmh.isEmpty() ? List.of(dir.resolve("jmh-results.json")) : jmh;
        Path sc = sidecars != null ? sidecars : dir.resolve("sidecars");
        checkInputs(inputs);
        Matrix matrix = Matrix.load();
        List<MatrixResults.Row> rows;
        try {
            rows = MatrixResults.load(inputs, Files.isDirectory(sc) ? sc : null, matrix);
        } catch (IllegalArgumentException | IOException e) {
            err.println("matrix-results: " + e.getMessage());
            return 2;
        }
        if (rows.isEmpty()) {
            err.println("matrix-results: no results in " + inputs);
            return 2;
        }
        Files.createDirectories(dir);
        List<CaseResult> csv = new ArrayList<>();
        int missingSidecars = 0;
        for (MatrixResults.Row r : rows) {
            csv.add(MatrixResults.toCsvRow(r, source));
            if (r.sidecar() == null) {
                missingSidecars++;
                err.println("matrix-results: no side file for " + r.matrixCase().id() + " " + r.policy()
                        + ": its secondary columns stay empty");
            }
        }
        ResultsCsv.write(dir.resolve(ResultsCsv.FILE), csv);
        IntervalsCsv.write(dir.resolve(IntervalsCsv.FILE), CaseIntervals.of(rows));
        MatrixResults.writeFioJson(dir, rows, System.currentTimeMillis());
        out.printf("wrote %s (%d rows%s) and %d fio-shaped JSON files in %s%n", dir.resolve(ResultsCsv.FILE),
                csv.size(), missingSidecars == 0 ? "" : ", " + missingSidecars + " without side file", rows.size(),
                dir.resolve("fio"));

        int status = summarize(csv, matrix, out, err);

        Environment captured = EnvironmentCapture.capture(repo);
        Map<String, String> props = new LinkedHashMap<>(captured.properties());
        props.putAll(env);
        EnvironmentFile.write(dir.resolve(EnvironmentFile.FILE), new Environment(props));
        if (!noHtml) {
            int rc = CliErrors.install(new CommandLine(new ReportCommand())).setOut(out).setErr(err).execute(dir.toString());
            if (rc != 0) {
                status = Math.max(status, rc);
            }
        }
        out.flush();
        return status;
    }

    /** The JMH JSON and the side-file directory must be there before anything is read or written. */
    private void checkInputs(List<Path> inputs) {
        if (aaCheck < 0) {
            throw UsageException.badValue("--aa-check", aaCheck, "use 0 (none) or a number of resamples, e.g. 200");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw UsageException.badValue("--dir", dir, "exists and is not a directory");
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) {
                throw jmh == null || jmh.isEmpty()
                        ? UsageException.badValue("--dir", dir, "has no jmh-results.json; give the JMH JSON with --jmh FILE")
                        : UsageException.badValue("--jmh", p, "no such file");
            }
        }
        if (sidecars != null && !Files.isDirectory(sidecars)) {
            throw UsageException.badValue("--sidecars", sidecars, "not a directory");
        }
    }

    /** summary.csv/.txt, cases.csv and verdicts.csv from the results.csv rows (with their fork samples). */
    private int summarize(List<CaseResult> rows, Matrix matrix, PrintWriter out, PrintWriter err) throws IOException {
        Set<String> policies = new LinkedHashSet<>();
        rows.forEach(r -> policies.add(r.policy()));
        String b = candidate;
        if (b == null) {
            List<String> others = policies.stream().filter(p -> !p.equals(baseline)).toList();
            b = others.contains("iaa") ? "iaa" : others.size() == 1 ? others.get(0) : null;
        }
        if (b == null || !policies.contains(baseline) || !policies.contains(b)) {
            err.println("matrix-results: no summary: need results of baseline " + baseline + " and a candidate; have "
                    + policies);
            return 0;
        }
        // Compare on the cases present, in matrix order.
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> ids.add(r.matrixCase().id()));
        List<MatrixCase> cases = matrix.cases().stream().filter(c -> ids.contains(c.id())).toList();
        ComparisonSummary s;
        try {
            s = MatrixResults.withCodecs(PolicyComparison.compare(rows, baseline, b, cases), rows);
        } catch (MissingResultsException e) {
            err.println("matrix-results: " + e.getMessage());
            return 1;
        }
        SummaryCsv.write(dir.resolve(SummaryCsv.FILE), MatrixResults.summaryRows(s));
        String text = s.toText(BandwidthUnit.MB);
        if (aaCheck > 0) {
            try {
                text += SignFlipCheck.run(rows, baseline, b, cases, aaCheck, 0x5eed).text() + System.lineSeparator();
            } catch (IllegalArgumentException e) {
                err.println("matrix-results: --aa-check: " + e.getMessage());
                return 2;
            }
        }
        Files.writeString(dir.resolve("summary.txt"), text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("cases.csv"), s.casesCsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(VerdictsCsv.FILE), s.verdictsCsv(), StandardCharsets.UTF_8);
        out.print(text);
        return 0;
    }
}
