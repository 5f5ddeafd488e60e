package io.vdobench.cli;

import io.vdobench.codec.CodecInfo;
import io.vdobench.fio.BandwidthUnit;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.ComparisonSummary;
import io.vdobench.fio.FioCaseResults;
import io.vdobench.fio.FioJsonParser;
import io.vdobench.fio.FioResult;
import io.vdobench.fio.ForkOrder;
import io.vdobench.fio.IoStats;
import io.vdobench.fio.JobFileGenerator;
import io.vdobench.fio.JobFileOptions;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.MatrixProgress;
import io.vdobench.fio.MatrixSelection;
import io.vdobench.fio.PolicyComparison;
import io.vdobench.fio.PolicyLabels;
import io.vdobench.fio.VerifiedCompression;
import io.vdobench.fio.VolumeFacts;
import io.vdobench.nbd.NbdServer;
import io.vdobench.nbd.NbdServerConfig;
import io.vdobench.nbd.ServeNbdCommand;
import io.vdobench.nbd.VdoVolumeNbdBackend;
import io.vdobench.report.csv.EnvironmentCapture;
import io.vdobench.report.csv.EnvironmentFile;
import io.vdobench.report.csv.ResultsCsv;
import io.vdobench.report.csv.SummaryCsv;
import io.vdobench.report.csv.VerdictsCsv;
import io.vdobench.report.matrix.MatrixResults;
import io.vdobench.report.model.Environment;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import io.vdobench.vdo.ThreadLoad;
import io.vdobench.vdo.ThreadWindow;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import io.vdobench.vdo.policy.FallbackReason;
import io.vdobench.vdo.policy.Policies;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vdobench matrix-fio}: the matrix driven by real fio ({@code ioengine=nbd}) against a
 * pipeline volume served over NBD, one volume per policy. Job files come from fio-matrix's
 * {@link JobFileGenerator} (split region, fixed randseed, the profile's ramp/runtime); fio's JSON is
 * kept per case; per-case compression figures are the volume's counter deltas over the case. After
 * the cases a verify pass (randwrite of the matrix's data, {@code verify=crc32c}, {@code verify_fatal=1})
 * must report no error, and the volume must have written and decoded fragments of the policy's
 * algorithm during it; otherwise the command still writes the run directory, then exits 1. Writes the
 * same run directory as {@link MatrixCommand}, with {@code source=fio}.
 */
@Command(name = "matrix-fio", mixinStandardHelpOptions = true,
        description = {"Run the matrix with real fio (ioengine=nbd) against a pipeline volume served over NBD,",
            "one volume per policy; writes results.csv (source=fio), summary.csv, fio JSON, index.html."})
public final class MatrixFioCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "run directory")
    Path dir;

    @Option(names = "--profile", defaultValue = "quick", description = "smoke, quick or full (matrix.json)")
    String profile;

    @Option(names = "--policies", defaultValue = "lz4,iaa", split = ",", description = "policies; first is A")
    List<String> policies;

    @Option(names = "--patterns", split = ",", description = "subset of write,read,randwrite,randread")
    List<String> patterns = List.of();

    @Option(names = "--sizes", split = ",", description = "subset of 4k..128k")
    List<String> sizes = List.of();

    @Option(names = "--jobs", split = ",", description = "subset of 1,8,16")
    List<Integer> jobs = List.of();

    @Option(names = "--region-mib", defaultValue = "64", description = "region the cases address, MiB")
    int regionMiB;

    @Option(names = "--vdo-threads", paramLabel = "SPEC", defaultValue = ".",
            converter = ServeNbdCliCommand.ThreadSpec.class,
            description = "dm-vdo's thread counts as its table takes them, e.g. cpu=2 (default: dm-vdo's)")
    ThreadConfig vdoThreads;

    @Option(names = "--execution", paramLabel = "MODE", defaultValue = "threads",
            converter = ServeNbdCliCommand.ExecutionSpec.class,
            description = "threads (dm-vdo's threads of --vdo-threads, default) or inline (each NBD connection's thread)")
    Execution execution;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "N",
            description = "runs of each case per policy, alternating between the policies (A B B A ...) so that each"
                    + " of B's is paired with the A run next to it (default 1)")
    int repeats;

    @Option(names = "--fio", defaultValue = "fio", description = "fio binary (needs the nbd engine)")
    String fio;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "extra environment.properties entries")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--no-html", description = "do not render index.html")
    boolean noHtml;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "vdobench checkout (git commit)")
    Path repo;

    /** Negative control only: the verify pass writes fio's default (incompressible) data, and must fail. */
    @Option(names = "--verify-incompressible", hidden = true)
    boolean verifyIncompressible;

    static final long VERIFY_BYTES = 16L << 20;

    public static void main(String[] args) {
        System.exit(Main.execute("matrix-fio", args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Matrix m = Matrix.load();
        List<MatrixCase> cases = checkOptions(m);
        out.printf(Locale.ROOT, "matrix-fio: profile %s, %d cases x %d policies (%s) -> %s%n", profile, cases.size(),
                policies.size(), String.join(",", policies), dir);
        Files.createDirectories(dir);
        List<CaseResult> rows = new ArrayList<>();
        Map<String, String> props = new LinkedHashMap<>();
        int total = cases.size() * policies.size() * repeats;
        int k = 0;
        long start = System.nanoTime();
        long region = (long) regionMiB << 20;
        boolean verifyFailed = false;
        // Every policy's volume is served for the whole run, so that the repeats of a case can alternate
        // between them (A B B A ...): each repeat of B is paired with the repeat of A run next to it.
        Map<String, Served> served = new LinkedHashMap<>();
        try {
            for (String policy : policies) {
                var options = new ServeNbdCommand.Options(0, null, region + VERIFY_BYTES, PolicyLabels.policyOf(policy),
                        ServeNbdCommand.Storage.MEMORY, null, null, NbdServerConfig.defaults().withMaxConnections(64),
                        vdoThreads, execution);
                VdoVolumeNbdBackend backend = VdoVolumeNbdBackend.open(options);
                NbdServer server = NbdServer.startTcp(backend, options.server(), 0);
                VdoVolume vol = backend.volume();
                CodecInfo preferred = ((FallbackCompressionPolicy) vol.policy()).preferred().info();
                JobFileOptions jo = new JobFileOptions("vdobench-nbd", "nbd", 1, regionMiB + "m", true, 0x5eed,
                        128 * 1024, Map.of("uri", server.uri()));
                Path jobDir = dir.resolve("fio-jobs").resolve(safe(policy));
                List<Path> files = new JobFileGenerator(m, jo).writeDirectory(jobDir, profile, cases);
                Path raw = dir.resolve("fio-raw").resolve(safe(policy));
                Files.createDirectories(raw);
                Served sv = new Served(server, vol, preferred, jobDir, files, raw);
                served.put(policy, sv);
                out.printf(Locale.ROOT, "matrix-fio: %s served at %s; prefill %d MiB%n", policy, server.uri(), regionMiB);
                out.flush();
                runFio(jobDir, raw.resolve("prefill.json"), jobDir.resolve("prefill.fio").toString());
            }
            for (int i = 0; i < cases.size(); i++) {
                MatrixCase c = cases.get(i);
                Map<String, List<Double>> samples = new LinkedHashMap<>();
                Map<String, CaseResult> last = new LinkedHashMap<>();
                for (int round = 0; round < repeats; round++) {
                    for (String policy : ForkOrder.of(policies, i, round)) {
                        Served sv = served.get(policy);
                        sv.vol().awaitQuiescent(); // the backlog reaches the packer before the flush
                        sv.vol().flush();
                        VdoStatistics before = sv.vol().statistics();
                        Path json = sv.raw().resolve(c.id() + (repeats == 1 ? "" : "-r" + (round + 1)) + ".json");
                        ThreadWindow threads = sv.vol().watchThreads();
                        runFio(sv.jobDir(), json, sv.files().get(i).toString());
                        List<ThreadLoad> loads = threads.loads();
                        sv.vol().awaitQuiescent();
                        sv.vol().flush();
                        VdoStatistics after = sv.vol().statistics();
                        FioResult fr = FioJsonParser.parse(json);
                        var meas = FioCaseResults.measurements(fr, m);
                        if (meas.size() != 1 || !meas.get(0).matrixCase().equals(c)) {
                            throw new IllegalStateException(json + ": expected one group for case " + c.id());
                        }
                        IoStats st = meas.get(0).stats();
                        last.put(policy, row(c, policy, sv.preferred(), st, before, after).withThreads(loads));
                        samples.computeIfAbsent(policy, x -> new ArrayList<>()).add((double) st.bwBytes());
                        k++;
                        double el = (System.nanoTime() - start) / 1e9;
                        out.println(MatrixProgress.line(k, total, c.id(), policy, repeats == 1 ? "" : "r" + (round + 1),
                                st.bwBytes() / 1e6, el));
                        out.flush();
                    }
                }
                for (String policy : policies) {
                    double[] s = samples.get(policy).stream().mapToDouble(Double::doubleValue).toArray();
                    // results.csv: the mean bandwidth of the repeats, the other columns from the last repeat; the
                    // repeats themselves, in round order, are the samples the comparison pairs
                    double mean = java.util.Arrays.stream(s).average().orElseThrow();
                    rows.add(last.get(policy).withBandwidth(mean).withSamples(s));
                }
            }
            for (var e : served.entrySet()) {
                String policy = e.getKey();
                Served sv = e.getValue();
                String verify;
                try {
                    verify = verifyPass(m, sv.jobDir(), sv.raw(), sv.server().uri(), region, sv.vol());
                } catch (IllegalStateException ex) {
                    verify = "FAILED: " + ex.getMessage();
                    verifyFailed = true;
                }
                props.put("fio.verify." + policy, verify);
                out.println("matrix-fio: " + policy + " verify pass: " + verify);
                props.put("fio.statistics." + policy, sv.vol().statistics().toString().replace('\n', ' '));
            }
        } finally {
            for (Served sv : served.values()) {
                sv.server().close();
            }
        }
        props.put("fio.repeats", Integer.toString(repeats));
        ResultsCsv.write(dir.resolve(ResultsCsv.FILE), rows);
        int status = 0;
        if (policies.size() >= 2) {
            ComparisonSummary s = MatrixResults.withCodecs(
                    PolicyComparison.compare(rows, policies.get(0), policies.get(1), cases), rows);
            SummaryCsv.write(dir.resolve(SummaryCsv.FILE), MatrixResults.summaryRows(s));
            String text = s.toText(BandwidthUnit.MB);
            Files.writeString(dir.resolve("summary.txt"), text, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("cases.csv"), s.casesCsv(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(VerdictsCsv.FILE), s.verdictsCsv(), StandardCharsets.UTF_8);
            out.print(text);
        }
        Map<String, String> all = new LinkedHashMap<>(EnvironmentCapture.capture(repo).properties());
        all.put("profile", profile);
        all.put("engine", "fio");
        all.put("fio.version", fioVersion());
        all.put("fio.wall_seconds", Long.toString(Math.round((System.nanoTime() - start) / 1e9)));
        all.putAll(props);
        all.put("vdo.threads", vdoThreads.toString());
        all.put("vdo.execution", execution.label());
        all.putAll(env);
        EnvironmentFile.write(dir.resolve(EnvironmentFile.FILE), new Environment(all));
        if (!noHtml) {
            status = CliErrors.install(new CommandLine(new ReportCommand())).setOut(out).setErr(spec.commandLine().getErr())
                    .execute(dir.toString());
        }
        if (verifyFailed) {
            spec.commandLine().getErr().println("matrix-fio: a verify pass failed (see fio.verify.* in "
                    + dir.resolve(EnvironmentFile.FILE) + ")");
            status = Math.max(status, 1);
        }
        out.flush();
        return status;
    }

    /** Every option, the selection and every policy, before the first volume or fio starts. */
    private List<MatrixCase> checkOptions(Matrix m) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw UsageException.badValue("--dir", dir, "exists and is not a directory");
        }
        if (repeats < 1) {
            throw UsageException.badValue("--repeats", repeats, "use 1 or more");
        }
        if (regionMiB < 1) {
            throw UsageException.badValue("--region-mib", regionMiB, "use 1 or more");
        }
        List<MatrixCase> cases;
        try {
            cases = new MatrixSelection(profile, patterns, sizes, jobs).cases(m);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        // The same policy twice is an A/A run: the second is labelled lz4#2 and serves the policy it names.
        policies = PolicyLabels.distinct(policies);
        try {
            Policies.check(policies.stream().map(PolicyLabels::policyOf).toList());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--policies: " + e.getMessage(), e);
        }
        if (!onPath(fio)) {
            throw UsageException.badValue("--fio", fio, "not an executable program (Debian: apt-get install fio)");
        }
        return cases;
    }

    /** True if {@code program} is an executable path, or a name found on PATH. */
    static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        for (String d : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** One policy's volume, served over NBD for the whole run, with its job files. */
    private record Served(NbdServer server, VdoVolume vol, CodecInfo preferred, Path jobDir, List<Path> files,
                          Path raw) {
    }

    /** The results.csv row: fio's group stats plus the volume's counter deltas over the case. */
    static CaseResult row(MatrixCase c, String policy, CodecInfo preferred, IoStats st, VdoStatistics b,
                          VdoStatistics a) {
        long frags = a.compressedFragmentsWritten() - b.compressedFragmentsWritten();
        long unc = a.uncompressedBlocksWritten() - b.uncompressedBlocksWritten();
        long bytes = a.compressedBytes() - b.compressedBytes();
        long packed = a.packedBlocksWritten() - b.packedBlocksWritten();
        double stored = bytes + 4096.0 * unc;
        double ratio = stored == 0 ? Double.NaN : 4096.0 * (frags + unc) / stored;
        Map<String, Long> fallbacks = new TreeMap<>();
        for (FallbackReason r : FallbackReason.values()) {
            fallbacks.put(VolumeFacts.fallbackColumn(r), a.fallbacks().getOrDefault(r, 0L) - b.fallbacks().getOrDefault(r, 0L));
        }
        Map<String, Long> byPath = new TreeMap<>();
        a.fragmentsByAlgorithmPath().forEach((key, v) -> {
            long d = v - b.fragmentsByAlgorithmPath().getOrDefault(key, 0L);
            if (d > 0) {
                byPath.put(key, d);
            }
        });
        // Reads write nothing: their path is the one the stored (prefill) fragments were written with.
        String path = VolumeFacts.executedPath(preferred, byPath.isEmpty() ? a.fragmentsByAlgorithmPath() : byPath);
        var clat = st.clat();
        return new CaseResult(c, policy, preferred.id(), path,
                st.bwBytes() / 1e6, Double.NaN, st.iops(), us(clat.percentile(50)), us(clat.percentile(99)),
                us(clat.percentile(99.9)), ratio, a.savingPercent(), packed == 0 ? Double.NaN : (double) frags / packed,
                fallbacks, "fio");
    }

    private static double us(java.util.OptionalLong ns) {
        return ns.isPresent() ? ns.getAsLong() / 1000.0 : Double.NaN;
    }



    /**
     * Writes then reads back 16 MiB past the matrix region with crc32c verify; returns a one-line
     * verdict. The blocks are 4 KiB: fio fills each verify buffer as one segment (random, then zeros),
     * so only 4 KiB buffers compress per VDO block as the matrix's data does (fio-matrix/README.md).
     *
     * @throws IllegalStateException when fio reports an error or short I/O, or when the volume wrote or
     *                               decoded no fragment of the policy's algorithm during the pass
     */
    private String verifyPass(Matrix m, Path jobDir, Path raw, String uri, long offset, VdoVolume vol)
            throws IOException, InterruptedException {
        Path json = raw.resolve("verify.json");
        vol.flush();
        VdoStatistics before = vol.statistics();
        List<String> args = new ArrayList<>(List.of("--name=verify", "--ioengine=nbd", "--uri=" + uri,
                "--filename=vdobench-nbd", "--rw=randwrite", "--bs=4k", "--iodepth=4", "--offset=" + offset,
                "--size=" + VERIFY_BYTES, "--randseed=24301", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1"));
        List<String> data = verifyIncompressible ? List.of() : m.dataArguments();
        args.addAll(data);
        runFio(jobDir, json, args.toArray(String[]::new));
        VerifiedCompression compressed = VerifiedCompression.between(before, vol.statistics());
        FioResult r = FioJsonParser.parse(json);
        long written = 0;
        long read = 0;
        for (var j : r.jobs()) {
            if (j.error() != 0) {
                throw new IllegalStateException("fio verify pass reported error " + j.error() + " (" + json + ")");
            }
            written += j.write().ioBytes();
            read += j.read().ioBytes();
        }
        if (written == 0 || read < written) {
            throw new IllegalStateException("fio verify pass wrote " + written + " and verified " + read + " bytes");
        }
        compressed.require(VerifiedCompression.algorithmOf((FallbackCompressionPolicy) vol.policy()));
        return "ok: wrote " + written + " bytes of " + (data.isEmpty() ? "fio's default data" : String.join(" ", data))
                + " with verify=crc32c, read back and verified " + read + " bytes, 0 errors; the volume " + compressed;
    }

    private void runFio(Path cwd, Path json, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(fio, "--output-format=json", "--output=" + json.toAbsolutePath()));
        cmd.addAll(List.of(args));
        Path log = Path.of(json.toString().replaceAll("\\.json$", ".log"));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("fio did not finish: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("fio exited with " + p.exitValue() + ": " + String.join(" ", cmd)
                    + "\n" + Files.readString(log));
        }
    }

    private String fioVersion() {
        try {
            Process p = new ProcessBuilder(fio, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return v;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
