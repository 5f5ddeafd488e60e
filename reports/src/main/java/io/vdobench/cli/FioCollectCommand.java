package io.vdobench.cli;

import io.vdobench.fio.BandwidthUnit;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.ComparisonSummary;
import io.vdobench.fio.FioCaseResults;
import io.vdobench.fio.FioJsonParser;
import io.vdobench.fio.FioResult;
import io.vdobench.fio.IoStats;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.PolicyComparison;
import io.vdobench.report.csv.EnvironmentFile;
import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.SummaryCsv;
import io.vdobench.report.csv.VerdictsCsv;
import io.vdobench.report.matrix.MatrixResults;
import io.vdobench.report.model.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vdobench fio-collect}: turns the results of the generated fio matrix ({@code run.sh}, one host or many through
 * fio's client/server mode) into one run directory with a subdirectory per host, each a run directory of its own
 * (reports/SCHEMA.md): {@code repeats.csv} (every run separately, with its pair and its position in the case, for a
 * paired comparison), {@code results.csv} (per case and policy, the mean over the runs), the summary and verdicts when
 * two policies ran (paired over the runs of {@code run.sh ab}; means where the runs were not interleaved), {@code environment.properties} (what the results say about the host) and the host's vdostats
 * files when they are here. {@code vdobench report OUT} renders every host into one page.
 */
@Command(name = "fio-collect", mixinStandardHelpOptions = true,
        description = {"Collect the generated fio matrix's results (run.sh; one host or many through fio --client)",
            "into OUT/<host>/: repeats.csv (each run with its pair and position), results.csv, summary.csv/.txt,",
            "verdicts.csv (paired over the pairs of run.sh ab),",
            "environment.properties, vdostats/. Then: vdobench report OUT.",
            "Exit: 0 written, 2 bad input (nothing written)."})
public final class FioCollectCommand implements Callable<Integer> {
    /** The per-run file: one row per fio run of a case on a host. */
    public static final String REPEATS_FILE = "repeats.csv";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS", description = "the generated directory's results/ (or the directory itself)")
    Path results;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "run directory to write")
    Path out;

    @Option(names = "--matrix", paramLabel = "FILE", description = "matrix JSON (default: the built-in 72 cases)")
    Path matrixFile;

    /** One row of order.csv with the file's bandwidth on one host. */
    record Run(String host, MatrixCase matrixCase, String policy, int pair, int position, int seq, String switchBit,
               String startedUtc, IoStats stats) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = Files.isRegularFile(results.resolve("results/order.csv")) ? results.resolve("results") : results;
        Path order = dir.resolve("order.csv");
        if (!Files.isRegularFile(order)) {
            throw UsageException.badValue("RESULTS", results, "has no order.csv (written by the generated run.sh)");
        }
        Matrix matrix;
        try {
            matrix = matrixFile == null ? Matrix.load() : Matrix.load(matrixFile);
        } catch (RuntimeException e) {
            throw UsageException.badValue("--matrix", matrixFile, e.getMessage());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw UsageException.badValue("--out", out, "exists and is not a directory");
        }
        List<Run> runs = read(dir, order, matrix);
        Map<String, List<Run>> byHost = new TreeMap<>();
        runs.forEach(r -> byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r));
        for (var e : byHost.entrySet()) {
            Path hostDir = out.resolve(e.getKey());
            Files.createDirectories(hostDir);
            String summary = writeHost(hostDir, e.getKey(), e.getValue(), dir.resolve("vdostats").resolve(e.getKey()));
            o.printf(Locale.ROOT, "%s: %d runs -> %s%n%s", e.getKey(), e.getValue().size(), hostDir, summary);
        }
        o.flush();
        return 0;
    }

    /** Every run of order.csv on every host its JSON holds; bad input is a usage error naming the file and line. */
    static List<Run> read(Path dir, Path order, Matrix matrix) throws IOException {
        List<Run> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(order, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                String where = order + " line " + (rec.getRecordNumber() + 1);
                try {
                    Path json = dir.resolve(rec.get("file"));
                    MatrixCase c = matrix.caseById(rec.get("case"));
                    for (var h : FioJsonParser.parseHosts(json).entrySet()) {
                        var m = FioCaseResults.measurements(h.getValue(), matrix).stream()
                                .filter(x -> x.matrixCase().equals(c)).toList();
                        if (m.size() != 1) {
                            throw new IllegalArgumentException(json + " on " + h.getKey() + ": expected one result of case "
                                    + c.id() + ", found " + m.size());
                        }
                        if (m.get(0).stats().bwBytes() <= 0) {
                            throw new IllegalArgumentException(json + " on " + h.getKey() + ": moved no data");
                        }
                        out.add(new Run(h.getKey(), c, rec.get("policy"), Integer.parseInt(rec.get("pair")),
                                Integer.parseInt(rec.get("position")), Integer.parseInt(rec.get("seq")),
                                rec.get("switch"), rec.get("started_utc"), m.get(0).stats()));
                    }
                } catch (IOException | RuntimeException e) {
                    throw new UsageException(where + ": " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(order + " lists no run", null);
        }
        return out;
    }

    private static String writeHost(Path hostDir, String host, List<Run> runs, Path vdostats) throws IOException {
        StringBuilder csv = new StringBuilder(
                "host,pattern,block_size,jobs,case,policy,pair,position,seq,switch,mb_per_s,ops_per_s,p50_us,p99_us,started_utc\n");
        Map<String, List<Run>> byCasePolicy = new LinkedHashMap<>();
        Set<String> policies = new LinkedHashSet<>();
        List<MatrixCase> cases = new ArrayList<>();
        for (Run r : runs) {
            var clat = r.stats().clat();
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%d,%d,%d,%s,%.6f,%.3f,%s,%s,%s%n", host,
                    r.matrixCase().pattern().fioName(), r.matrixCase().blockSize(), r.matrixCase().numjobs(),
                    r.matrixCase().id(), r.policy(), r.pair(), r.position(), r.seq(), r.switchBit(),
                    r.stats().bwBytes() / 1e6, r.stats().iops(), us(clat.percentile(50)), us(clat.percentile(99)),
                    r.startedUtc()));
            byCasePolicy.computeIfAbsent(r.matrixCase().id() + "\t" + r.policy(), k -> new ArrayList<>()).add(r);
            policies.add(r.policy());
            if (!cases.contains(r.matrixCase())) {
                cases.add(r.matrixCase());
            }
        }
        Files.writeString(hostDir.resolve(REPEATS_FILE), csv, StandardCharsets.UTF_8);
        List<String> ps = new ArrayList<>(policies);
        Set<String> paired = ps.size() == 2 ? pairedCases(runs, ps.get(0), ps.get(1)) : Set.of();
        List<CaseResult> rows = new ArrayList<>();
        for (List<Run> rs : byCasePolicy.values()) {
            Run first = rs.get(0);
            MatrixCase c = first.matrixCase();
            String codec = codec(vdostats, first.policy());
            // Sorted by pair, so that the i-th run of A and the i-th of B are the two runs of pair i.
            double[] samples = rs.stream().sorted(java.util.Comparator.comparingInt(Run::pair))
                    .mapToDouble(r -> r.stats().bwBytes()).toArray();
            // Runs not interleaved in pairs (separate `run.sh lz4 K` and `run.sh iaa K`, perhaps on two kernels)
            // carry the drift between them: such a case is one comparison of means, never a paired one.
            rows.add(new CaseResult(c, first.policy(), codec, "unknown",
                    mean(samples) / 1e6, Double.NaN, rs.stream().mapToDouble(r -> r.stats().iops()).average().orElseThrow(),
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), "fio")
                    .withSamples(paired.contains(c.id()) && samples.length > 1 ? samples : new double[0]));
        }
        ResultsCsv.write(hostDir.resolve(ResultsCsv.FILE), rows);
        String text = "";
        if (ps.size() == 2) {
            ComparisonSummary s = MatrixResults.withCodecs(PolicyComparison.compare(rows, ps.get(0), ps.get(1), cases), rows);
            SummaryCsv.write(hostDir.resolve(SummaryCsv.FILE), MatrixResults.summaryRows(s));
            text = pairingNote(paired.size(), cases.size()) + s.toText(BandwidthUnit.MB);
            Files.writeString(hostDir.resolve("summary.txt"), text, StandardCharsets.UTF_8);
            Files.writeString(hostDir.resolve("cases.csv"), s.casesCsv(), StandardCharsets.UTF_8);
            Files.writeString(hostDir.resolve(VerdictsCsv.FILE), s.verdictsCsv(), StandardCharsets.UTF_8);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Environment.LABEL, host);
        env.put("engine", "fio");
        env.put("fio.host", host);
        env.put("fio.client_server", Boolean.toString(!host.equals(FioJsonParser.LOCAL)));
        env.put("fio.policies", String.join(",", ps));
        env.put("fio.runs", Integer.toString(runs.size()));
        if (ps.size() == 2) {
            env.put("fio.comparison", paired.size() == cases.size() ? "paired: every case's runs interleaved in pairs"
                    : paired.size() + " of " + cases.size() + " cases paired; the others compare means of separate runs");
        }
        if (Files.isDirectory(vdostats)) {
            copyTree(vdostats, hostDir.resolve("vdostats"));
            env.put("fio.vdostats", "vdostats/ (before, after and switch files of every run)");
        } else {
            env.put("fio.vdostats", "not here: copy results/vdostats/" + host + "/ from that host into the results"
                    + " directory before fio-collect");
        }
        EnvironmentFile.write(hostDir.resolve(EnvironmentFile.FILE), new Environment(env));
        return text;
    }

    /**
     * The cases whose runs are interleaved pairs ({@code run.sh ab}): every pair number holds exactly one run of
     * A and one of B, next to each other (positions 2j-1 and 2j). Only those may be compared pair by pair.
     */
    static Set<String> pairedCases(List<Run> runs, String a, String b) {
        Map<String, Map<Integer, List<Run>>> byCase = new LinkedHashMap<>();
        for (Run r : runs) {
            byCase.computeIfAbsent(r.matrixCase().id(), k -> new TreeMap<>())
                    .computeIfAbsent(r.pair(), k -> new ArrayList<>()).add(r);
        }
        Set<String> out = new LinkedHashSet<>();
        for (var e : byCase.entrySet()) {
            boolean ok = true;
            for (var pair : e.getValue().entrySet()) {
                List<Run> two = pair.getValue();
                Set<Integer> positions = new java.util.HashSet<>();
                two.forEach(r -> positions.add(r.position()));
                ok &= two.size() == 2 && !two.get(0).policy().equals(two.get(1).policy())
                        && Set.of(a, b).contains(two.get(0).policy()) && Set.of(a, b).contains(two.get(1).policy())
                        && positions.equals(Set.of(2 * pair.getKey() - 1, 2 * pair.getKey()));
            }
            if (ok) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static String pairingNote(int paired, int cases) {
        if (paired == cases) {
            return "Paired: every case's A and B runs interleaved in pairs (run.sh ab); each case's change is over its pairs.\n";
        }
        return String.format(Locale.ROOT, "Paired: %d of %d cases (run.sh ab); the other cases' runs were not interleaved,"
                + " so each of them is one comparison of means with no interval of its own (drift between the runs counts"
                + " as effect there).%n", paired, cases);
    }

    /**
     * What ran behind a policy on a host, from the switch files hook.sh wrote there: {@code dm-vdo:iaa_enabled=1},
     * {@code dm-vdo:no-iaa-switch} (both labels ran the same kernel path: an A/A comparison), or unknown.
     */
    static String codec(Path vdostats, String policy) throws IOException {
        Path d = vdostats.resolve(policy);
        if (!Files.isDirectory(d)) {
            return "unknown";
        }
        Set<String> seen = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".switch.txt")).sorted().toList()) {
                String line = Files.readString(f).strip();
                seen.add(line.startsWith("absent") ? "dm-vdo:no-iaa-switch" : "dm-vdo:" + line);
            }
        }
        return seen.isEmpty() ? "unknown" : String.join(" | ", seen);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String us(java.util.OptionalLong ns) {
        return ns.isPresent() ? String.format(Locale.ROOT, "%.3f", ns.getAsLong() / 1000.0) : "";
    }
}
