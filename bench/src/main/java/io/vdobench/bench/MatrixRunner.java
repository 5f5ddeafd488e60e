package io.vdobench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vdobench.fio.ForkOrder;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.MatrixProgress;
import io.vdobench.fio.MatrixSelection;
import io.vdobench.fio.PolicyLabels;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import io.vdobench.vdo.policy.Policies;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PipelineBench} over a profile of the matrix ({@code matrix.json} decides which cases),
 * one JMH run of one fork per case × policy × fork (JMH's thread count is global to a run, and the
 * profiles are not cartesian products), the policies' forks of a case alternating A B B A A B B A
 * ({@link ForkOrder}) so that each fork of B runs next to the fork of A it is paired with. The same
 * policy twice is an A/A run, its second label {@code lz4#2} ({@link PolicyLabels}). Prints progress
 * with an ETA, and leaves in {@code --out}: {@code jmh/<case>-<policy>-f<k>.json} (JMH's own JSON),
 * {@code jmh-results.json} (all of them in one array), {@code sidecars/} and {@code jmh-logs/}.
 *
 * <p>Everything is checked before the first fork, in this JVM (the forks run the same class path):
 * the options, the case selection ({@link MatrixSelection}) and the policies ({@link Policies#check}).
 * A mistake is one line naming the option and value, exit 2, and nothing is written. A run that fails
 * before any result exists removes the run directory it created, after printing the reason from the
 * JMH log.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.vdobench.bench.MatrixRunner \
 *      --profile quick --policies lz4,iaa --out DIR
 * </pre>
 */
public final class MatrixRunner {

    /** JMH timing per profile: warm-up iterations × time, measurement iterations × time (ms). */
    record Timing(int warmupIterations, long warmupMs, int iterations, long iterationMs, int forks) {
        static Timing of(String profile) {
            return switch (profile) {
                // JMH gives a scoreError only from 3 iterations on.
                case "smoke" -> new Timing(1, 500, 3, 300, 1);
                case "quick" -> new Timing(1, 1000, 3, 700, 1);
                // The patch's 30 s warm-up and 60 s runtime, measured as 6 × 10 s so JMH gives an error.
                case "full" -> new Timing(1, 30_000, 6, 10_000, 1);
                // 7 forks per policy and case, run next to the other policy's (A B B A A B B ...): the fork
                // pairs give each case an interval and a test. 1008 forks: about 85 min on a quiet 2-core VM
                // (6.6 s per fork measured at load average 8: 110 min).
                case "settle" -> new Timing(1, 1000, 3, 700, 7);
                default -> throw new IllegalArgumentException("--profile '" + profile + "': use smoke, quick, settle or full");
            };
        }
    }

    record Settings(List<String> policies, MatrixSelection selection, Path out, Timing timing, int regionMiB,
                    List<String> jvmArgs, boolean dryRun, boolean ignoreJmhLock, ThreadConfig vdoThreads,
                    Execution execution, boolean stageTiming) {
        String profile() {
            return selection.profile();
        }
    }

    /** Starts one JMH run; the real one is {@link #runWaitingForLock}, tests pass their own. */
    @FunctionalInterface
    interface JmhLauncher {
        Collection<RunResult> run(org.openjdk.jmh.runner.options.Options options, PrintStream log) throws RunnerException;
    }

    /** The volume facts of a run, for the report's environment block ({@code run-matrix.sh} passes them on). */
    static final String VOLUME_PROPERTIES = "volume.properties";

    private MatrixRunner() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err, MatrixRunner::runWaitingForLock));
    }

    /** The command: 0 done, 1 a run failed, 2 bad input (nothing written). */
    static int execute(String[] args, PrintStream out, PrintStream err, JmhLauncher launcher) {
        Settings s;
        List<Run> runs;
        try {
            s = parse(args);
            if (s == null) {
                out.println(usage());
                return 0;
            }
            runs = plan(Matrix.load(), s);
        } catch (IllegalArgumentException e) {
            err.println("matrix: " + e.getMessage() + " (see --help)");
            return 2;
        }
        boolean created = !Files.exists(s.out());
        try {
            run(s, runs, out, launcher);
            return 0;
        } catch (RunnerException | IOException | RuntimeException e) {
            err.println("matrix: FAILED: " + e.getMessage());
            if (created && !s.dryRun() && !hasResult(s.out())) {
                deleteTree(s.out());
                err.println("matrix: removed " + s.out() + ": no result was written");
            }
            return 1;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: MatrixRunner --out DIR [--profile smoke|quick|settle|full] [--policies lz4,iaa]",
                "       [--patterns write,read,randwrite,randread] [--sizes 4k,...] [--jobs 1,8,16]",
                "       [--forks N] [--warmup-ms MS] [--warmup-iterations N] [--iteration-ms MS] [--iterations N]",
                "       [--region-mib MIB] [--vdo-threads SPEC] [--execution inline|threads] [--jvm-arg ARG]...",
                "       [--dry-run] [--ignore-jmh-lock] [--stage-timing]",
                "--stage-timing writes DIR/stages/*.json, the stage costs the offload model (vdobench model) needs.",
                "--vdo-threads takes dm-vdo's thread counts, e.g. cpu=2,bio=4 (default: dm-vdo's, " + ThreadConfig.DEFAULT + ");",
                "--execution threads (the default) runs them, as dm-vdo does; inline runs every step on the job's own",
                "thread (the per-block cost without hand-offs, as microbenchmarks want it).",
                "By default a run waits while another JMH run holds /tmp/jmh.lock; --ignore-jmh-lock runs anyway.",
                "The same policy twice (lz4,lz4) is an A/A run: the second is labelled lz4#2.",
                "--forks N: N forks per case and policy, each a JMH run of one fork, interleaved with the other",
                "policy's (A B B A ...), so that each B fork has an A fork run next to it.",
                "Runs io.vdobench.bench.PipelineBench per case x policy x fork; writes DIR/jmh/*.json,",
                "DIR/jmh-results.json, DIR/sidecars/*.json, DIR/jmh-logs/*.log.");
    }

    /** The options, each checked on its own (values that need the matrix or the codecs: {@link #plan}). */
    static Settings parse(String[] args) {
        String profile = "quick";
        List<String> policies = List.of("lz4", "iaa");
        List<String> patterns = List.of();
        List<String> sizes = List.of();
        List<Integer> jobs = List.of();
        Path out = null;
        Integer forks = null;
        Integer wi = null;
        Long wms = null;
        Integer mi = null;
        Long mms = null;
        int region = 64;
        ThreadConfig vdoThreads = ThreadConfig.DEFAULT;
        Execution execution = Execution.THREADS; // dm-vdo runs data_vios on its threads
        List<String> jvm = new ArrayList<>();
        boolean dry = false;
        boolean ignoreLock = false;
        boolean stageTiming = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return null;
            }
            if (a.equals("--dry-run")) {
                dry = true;
                continue;
            }
            if (a.equals("--ignore-jmh-lock")) {
                ignoreLock = true;
                continue;
            }
            if (a.equals("--stage-timing")) {
                stageTiming = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--profile" -> profile = v;
                case "--policies" -> policies = list(v);
                case "--patterns" -> patterns = list(v);
                case "--sizes" -> sizes = list(v);
                case "--jobs" -> jobs = list(v).stream().map(x -> number(a, x, 1)).toList();
                case "--out" -> out = Path.of(v);
                case "--forks" -> forks = number(a, v, 0);
                case "--warmup-iterations" -> wi = number(a, v, 0);
                case "--warmup-ms" -> wms = (long) number(a, v, 1);
                case "--iterations" -> mi = number(a, v, 1);
                case "--iteration-ms" -> mms = (long) number(a, v, 1);
                case "--region-mib" -> region = number(a, v, 1);
                case "--vdo-threads" -> vdoThreads = ThreadConfig.parse(v);
                case "--execution" -> execution = Execution.parse(v);
                case "--jvm-arg" -> jvm.add(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("--policies is empty");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out '" + out + "': exists and is not a directory");
        }
        policies = PolicyLabels.distinct(policies);
        Timing t = Timing.of(profile);
        t = new Timing(wi != null ? wi : t.warmupIterations(), wms != null ? wms : t.warmupMs(),
                mi != null ? mi : t.iterations(), mms != null ? mms : t.iterationMs(),
                forks != null ? forks : t.forks());
        return new Settings(policies, new MatrixSelection(profile, patterns, sizes, jobs), out, t, region,
                List.copyOf(jvm), dry, ignoreLock, vdoThreads, execution, stageTiming);
    }

    /** A whole number of at least {@code min}, or an error naming the option and the value. */
    private static int number(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is accepted
        }
        throw new IllegalArgumentException(option + " '" + value + "': use a whole number >= " + min);
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * The (case, policy) runs, in matrix order with the policies interleaved. Resolves the case
     * selection and every policy here, before anything runs.
     *
     * @throws IllegalArgumentException a selection value the profile lacks, or a policy's own error
     */
    static List<Run> plan(Matrix m, Settings s) {
        List<MatrixCase> cases = s.selection().cases(m);
        try {
            Policies.check(s.policies().stream().map(PolicyLabels::policyOf).toList());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policies: " + e.getMessage(), e);
        }
        List<Run> runs = new ArrayList<>();
        int forks = s.timing().forks();
        for (int ci = 0; ci < cases.size(); ci++) {
            MatrixCase c = cases.get(ci);
            if (forks == 0) { // in-process (tests): one run per policy
                s.policies().forEach(p -> runs.add(new Run(c, p, 0)));
                continue;
            }
            for (int j = 0; j < forks; j++) {
                for (String p : ForkOrder.of(s.policies(), ci, j)) {
                    runs.add(new Run(c, p, j + 1));
                }
            }
        }
        return runs;
    }

    /**
     * One JMH run: a case, a policy label and which of its forks (1-based; 0 for an in-process run). The
     * pipeline gets the policy the label names ({@link PolicyLabels#policyOf}).
     */
    record Run(MatrixCase matrixCase, String policy, int fork) {
        String name() {
            return matrixCase.id() + "-" + policy.replaceAll("[^A-Za-z0-9._-]", "_") + (fork > 0 ? "-f" + fork : "");
        }
    }

    /** Plans and runs (the checks of {@link #plan} first); returns the merged JMH JSON file. */
    static Path run(Settings s, PrintStream log) throws RunnerException, IOException {
        return run(s, plan(Matrix.load(), s), log, MatrixRunner::runWaitingForLock);
    }

    /** Runs the plan; returns the merged JMH JSON file (null for a dry run). Any failed case aborts. */
    static Path run(Settings s, List<Run> runs, PrintStream log, JmhLauncher launcher)
            throws RunnerException, IOException {
        Path jmhDir = s.out().resolve("jmh");
        Path sidecars = s.out().resolve("sidecars");
        Path logs = s.out().resolve("jmh-logs");
        Timing t = s.timing();
        log.printf(Locale.ROOT, "matrix: profile %s, %d runs (%d cases x %d policies %s x %d forks, interleaved),"
                        + " JMH -wi %d -w %dms -i %d -r %dms, region %d MiB, vdo %s, threads %s -> %s%n", s.profile(),
                runs.size(), runs.size() / s.policies().size() / Math.max(1, t.forks()), s.policies().size(),
                String.join(",", s.policies()), t.forks(),
                t.warmupIterations(), t.warmupMs(), t.iterations(), t.iterationMs(), s.regionMiB(),
                s.execution().label(), s.vdoThreads(), s.out());
        if (s.dryRun()) {
            runs.forEach(r -> log.println("  " + r.name() + " threads=" + r.matrixCase().numjobs()));
            if (s.policies().size() >= 2 && t.forks() > 0) {
                log.printf(Locale.ROOT, "  (%d fork pair(s) per case: each fork of %s runs next to one of %s)%n",
                        t.forks(), s.policies().get(1), s.policies().get(0));
            }
            return null;
        }
        Files.createDirectories(jmhDir);
        Files.createDirectories(sidecars);
        Files.createDirectories(logs);
        Files.writeString(s.out().resolve(VOLUME_PROPERTIES), volumeProperties(s));
        if (s.ignoreJmhLock()) {
            System.setProperty("jmh.ignoreLock", "true");
        }
        if (t.forks() == 0) {
            System.setProperty(PipelineVolume.SIDECAR_DIR, sidecars.toAbsolutePath().toString());
            if (s.stageTiming()) {
                System.setProperty(StageSidecar.DIR, stagesDir(sidecars).toString());
            } else {
                System.clearProperty(StageSidecar.DIR);
            }
        }
        long start = System.nanoTime();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode merged = mapper.createArrayNode();
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            Path json = jmhDir.resolve(r.name() + ".json");
            Path runLog = logs.resolve(r.name() + ".log");
            Collection<RunResult> res;
            try {
                res = launcher.run(options(s, r, json, sidecars, runLog), log);
            } catch (RunnerException e) {
                String why = failureReason(runLog);
                throw new RunnerException("case " + r.name() + ": " + (why != null ? why : e.getMessage())
                        + " (log: " + runLog + ")", e);
            }
            if (res.isEmpty()) {
                throw new RunnerException("case " + r.name() + " produced no result (see " + runLog + ")");
            }
            double opsPerS = res.iterator().next().getPrimaryResult().getScore();
            var arr = mapper.readTree(json.toFile());
            arr.forEach(merged::add);
            double elapsed = (System.nanoTime() - start) / 1e9;
            log.println(MatrixProgress.line(k + 1, runs.size(), r.matrixCase().id(), r.policy(),
                    r.fork() > 0 ? "f" + r.fork() : "", opsPerS * r.matrixCase().blockSize() / 1e6, elapsed));
        }
        Path all = s.out().resolve("jmh-results.json");
        mapper.writeValue(all.toFile(), merged);
        log.printf(Locale.ROOT, "matrix: %d runs in %s; JMH JSON %s%n", runs.size(),
                MatrixProgress.clock((System.nanoTime() - start) / 1e9), all);
        return all;
    }

    /** {@code key=value} lines: the thread counts and how the volume runs them. */
    static String volumeProperties(Settings s) {
        return "vdo.threads=" + s.vdoThreads() + "\n" + "vdo.execution=" + s.execution().label() + "\n";
    }

    /**
     * JMH takes /tmp/jmh.lock so two benchmarks do not measure each other; as the project's
     * launcher does, wait for another run's lock (15 s steps, up to 30 min) instead of failing.
     */
    static Collection<RunResult> runWaitingForLock(org.openjdk.jmh.runner.options.Options o, PrintStream log)
            throws RunnerException {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Runner(o).run();
            } catch (RunnerException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Unable to acquire the JMH lock")
                        || attempt >= 120) {
                    throw e;
                }
                if (attempt == 1) {
                    log.println("matrix: another JMH run holds /tmp/jmh.lock: waiting for it");
                }
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The first line JMH wrote after {@code <failure>} in a run's log (the exception), or null. */
    static String failureReason(Path runLog) {
        if (!Files.isReadable(runLog)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(runLog)) {
            boolean failure = false;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.strip().equals("<failure>")) {
                    failure = true;
                } else if (failure && !line.isBlank()) {
                    return line.strip();
                }
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** True once some run wrote its JMH JSON (JMH creates the file empty and fills it on success). */
    static boolean hasResult(Path out) {
        try (Stream<Path> files = Files.list(out.resolve("jmh"))) {
            return files.anyMatch(f -> {
                try {
                    return Files.size(f) > 0;
                } catch (IOException e) {
                    return true; // cannot tell: keep the directory
                }
            });
        } catch (IOException e) {
            return Files.exists(out.resolve("jmh")); // absent: no result; unreadable: keep it
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the caller reports the failure that brought it here
        }
    }

    /** The stage files' directory: {@code stages/} beside {@code sidecars/}. */
    static Path stagesDir(Path sidecars) {
        return sidecars.toAbsolutePath().resolveSibling("stages");
    }

    static org.openjdk.jmh.runner.options.Options options(Settings s, Run r, Path json, Path sidecars, Path logFile) {
        Timing t = s.timing();
        List<String> jvm = new ArrayList<>();
        jvm.add("--enable-native-access=ALL-UNNAMED");
        jvm.add("-D" + PipelineVolume.SIDECAR_DIR + "=" + sidecars.toAbsolutePath());
        if (s.stageTiming()) {
            jvm.add("-D" + StageSidecar.DIR + "=" + stagesDir(sidecars)); // the offload model's stage costs
        }
        String nativeDir = System.getProperty("vdobench.native.dir");
        if (nativeDir != null) {
            jvm.add("-Dvdobench.native.dir=" + nativeDir);
        }
        jvm.add("-Xmx1g");
        jvm.addAll(s.jvmArgs());
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(PipelineBench.class.getName()) + "\\.io$")
                .param("pattern", r.matrixCase().pattern().fioName())
                .param("blockSize", Integer.toString(r.matrixCase().blockSize()))
                .param("policy", r.policy())
                .param("regionMiB", Integer.toString(s.regionMiB()))
                .param("vdoThreads", s.vdoThreads().toString())
                .param("execution", s.execution().label())
                .threads(r.matrixCase().numjobs())
                // One fork per JMH run: the forks of a case are separate runs, interleaved with the other policy's.
                .forks(Math.min(1, t.forks()))
                .warmupIterations(t.warmupIterations())
                .warmupTime(TimeValue.milliseconds(t.warmupMs()))
                .measurementIterations(t.iterations())
                .measurementTime(TimeValue.milliseconds(t.iterationMs()))
                .timeUnit(TimeUnit.SECONDS)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .shouldFailOnError(true)
                .jvmArgsAppend(jvm.toArray(String[]::new))
                .output(logFile.toString());
        return b.build();
    }
}
