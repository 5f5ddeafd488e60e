package io.vdobench.report.offload;

import io.vdobench.fio.CaseResult;
import io.vdobench.fio.MatrixCase;
import io.vdobench.report.csv.CsvTable;
import io.vdobench.report.csv.ResultsCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code vdobench model RUN_DIR}: joins a run's measured bandwidth (results.csv) with its stage costs
 * (stages/*.json), predicts the offload policy's bandwidth under each parameter set, finds the break-even
 * device latency against the baseline, and validates the model on the software path. Writes model.csv,
 * model-validation.csv and model.md (docs/OFFLOAD-MODEL.md §6). Every modelled column starts with MODEL.
 */
public final class ModelRun {
    public static final String MODEL_CSV = "model.csv";
    public static final String VALIDATION_CSV = "model-validation.csv";
    public static final String MARKDOWN = "model.md";
    public static final String STAGES_DIR = "stages";

    /** One measured case of one policy: its bandwidth and its stage costs. */
    public record Measured(CaseResult result, StageCosts stages) {
    }

    /**
     * A model.csv row. {@code baselineMbPerS}/{@code offloadMbPerS} are results.csv's (JMH); the model works on
     * the window rates ({@link StageCosts#windowMbPerS}), to which its stage costs belong.
     */
    public record Row(String pattern, int blockSize, int jobs, String execution, int cpuThreads, String params,
                      String baseline, double baselineMbPerS, String offloadPolicy, double offloadMbPerS,
                      double baselineWindowMbPerS, double offloadWindowMbPerS,
                      double deviceLatencyUs, OffloadModel.Prediction prediction, double breakEvenUs) {
        public double changePct() {
            return 100 * (prediction.mbPerS() - baselineWindowMbPerS) / baselineWindowMbPerS;
        }
    }

    /** A model-validation.csv row: {@code kind} {@code swap} (the other policy's run, this one's codec) or {@code self}. */
    public record Check(String kind, String pattern, int blockSize, int jobs, String target, String base,
                        double measuredMbPerS, OffloadModel.Prediction prediction, double targetRestUs,
                        double baseRestUs, double handOffCores) {
        public double errorPct() {
            return 100 * (prediction.mbPerS() - measuredMbPerS) / measuredMbPerS;
        }
    }

    private final Path dir;
    private final String baseline;
    private final String offload;
    private final Map<String, Measured> cases;

    private ModelRun(Path dir, String baseline, String offload, Map<String, Measured> cases) {
        this.dir = dir;
        this.baseline = baseline;
        this.offload = offload;
        this.cases = cases;
    }

    static String key(String pattern, int blockSize, int jobs, String policy) {
        return pattern + "/" + blockSize + "/" + jobs + "/" + policy;
    }

    static String key(MatrixCase c, String policy) {
        return key(c.pattern().fioName(), c.blockSize(), c.numjobs(), policy);
    }

    /** Reads DIR/results.csv and DIR/stages/*.json; each case of the two policies needs both. */
    public static ModelRun load(Path dir, String baseline, String offload) {
        Path results = dir.resolve(ResultsCsv.FILE);
        Path stages = dir.resolve(STAGES_DIR);
        if (!Files.isRegularFile(results)) {
            throw new OffloadModelException(dir + ": no " + ResultsCsv.FILE + " (run ./run-matrix.sh first)");
        }
        if (!Files.isDirectory(stages)) {
            throw new OffloadModelException(dir + ": no " + STAGES_DIR + "/ directory: the run was made without stage "
                    + "timing (a matrix run before it existed, the fio engine, or -Dvdobench.stages.dir= empty)");
        }
        Map<String, StageCosts> byKey = new HashMap<>();
        try (Stream<Path> files = Files.list(stages)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                StageCosts s = StageCosts.read(f);
                byKey.put(key(s.pattern(), s.blockSize(), s.jobs(), s.policy()), s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Measured> cases = new HashMap<>();
        for (CaseResult r : ResultsCsv.read(results)) {
            if (!r.policy().equals(baseline) && !r.policy().equals(offload)) {
                continue;
            }
            StageCosts s = byKey.get(key(r.matrixCase(), r.policy()));
            if (s != null) {
                s = withCpuThreadBusy(s, r);
                cases.put(key(r.matrixCase(), r.policy()), new Measured(r, s));
            }
        }
        if (cases.values().stream().noneMatch(m -> m.result().policy().equals(offload))) {
            throw new OffloadModelException(dir + ": no case of policy '" + offload + "' has both a results.csv row and a "
                    + "stage file");
        }
        return new ModelRun(dir, baseline, offload, cases);
    }

    /** The cpu threads' busy share from results.csv's {@code thread_cpuQ*_busy_pct} columns, where the row has them. */
    static StageCosts withCpuThreadBusy(StageCosts s, CaseResult r) {
        double share = 0;
        boolean any = false;
        for (var t : r.threads()) {
            if (t.name().startsWith("cpuQ")) {
                share += t.busyPercent() / 100;
                any = true;
            }
        }
        return any && s.threads() ? s.withCpuThreadBusyShare(share) : s;
    }

    /**
     * The hand-off term (§2a) fitted on the cases of {@code policies} with {@code like}'s I/O direction and
     * execution.
     */
    public HandOff handOff(StageCosts like, List<String> policies) {
        List<StageCosts> runs = cases.values().stream().map(Measured::stages)
                .filter(s -> policies.contains(s.policy()) && s.isWrite() == like.isWrite()
                        && s.execution().equals(like.execution()))
                .sorted(Comparator.comparing(StageCosts::pattern).thenComparingInt(StageCosts::blockSize)
                        .thenComparingInt(StageCosts::jobs).thenComparing(StageCosts::policy))
                .toList();
        return HandOff.fit(runs, String.join("+", policies) + " " + (like.isWrite() ? "write" : "read") + " "
                + like.execution());
    }

    /**
     * The hand-off term of model.csv's predictions for {@code s}'s direction and execution: fitted on both policies'
     * runs, since a device moves the offload policy's rate towards the baseline's, which its own runs do not reach.
     */
    public HandOff predictionHandOff(StageCosts s) {
        return handOff(s, List.of(offload, baseline));
    }

    /** The hand-off terms fitted on both policies (model.csv) and on each alone (the swap), per direction and execution. */
    public List<HandOff> handOffs() {
        Map<String, HandOff> out = new java.util.TreeMap<>();
        for (Measured m : cases.values()) {
            StageCosts s = m.stages();
            for (List<String> p : List.of(List.of(offload, baseline), List.of(baseline), List.of(offload))) {
                HandOff h = handOff(s, p);
                out.putIfAbsent(h.fittedOn(), h);
            }
        }
        return List.copyOf(out.values());
    }

    /** A case of the offload policy and the same case of the baseline (null if not measured). */
    public record CasePair(Measured offload, Measured baseline) {
    }

    /** The offload policy's cases, in the matrix's order, each with its baseline case. */
    public List<CasePair> pairs() {
        List<CasePair> out = new ArrayList<>();
        for (Measured m : cases.values()) {
            CaseResult r = m.result();
            if (r.policy().equals(offload)) {
                out.add(new CasePair(m, cases.get(key(r.matrixCase(), baseline))));
            }
        }
        out.sort(Comparator.comparing((CasePair p) -> p.offload().result().matrixCase()));
        return out;
    }

    /** model.csv's rows: each case of the offload policy under each parameter set. */
    public List<Row> predict(List<Device> sets) {
        List<Row> rows = new ArrayList<>();
        for (Device dev : sets) {
            for (CasePair p : pairs()) {
                Measured m = p.offload();
                StageCosts s = m.stages();
                if (!s.isWrite() && !dev.hasDecompress()) {
                    continue;
                }
                HandOff h = predictionHandOff(s);
                OffloadModel.Prediction pr = OffloadModel.predict(s, s.windowMbPerS(), dev, h);
                double base = p.baseline() == null ? Double.NaN : p.baseline().result().mbPerS();
                double baseWindow = p.baseline() == null ? Double.NaN : p.baseline().stages().windowMbPerS();
                double be = Double.isNaN(baseWindow) ? Double.NaN
                        : OffloadModel.breakEvenLatencyUs(s, s.windowMbPerS(), dev, baseWindow, h);
                rows.add(new Row(s.pattern(), s.blockSize(), s.jobs(), s.execution(), s.cpuThreads(), dev.name(), baseline,
                        base, offload, m.result().mbPerS(), baseWindow, s.windowMbPerS(),
                        s.isWrite() ? dev.compressLatencyUs() : dev.decompressLatencyUs(), pr, be));
            }
        }
        return rows;
    }

    /**
     * The validation (docs/OFFLOAD-MODEL.md §5): for each case measured under both policies, predict each
     * policy from the other's run with its own measured codec time as a sync device ({@code swap}), and
     * from its own run ({@code self}, the equations' consistency: Δ = 0). The swap's hand-off term is fitted on
     * the base policy's runs only, so nothing of the target's run but its codec time and its cores enters it
     * ({@code swap-pooled}: fitted on both policies, as model.csv's predictions are; {@code swap-constant-rest}:
     * without the term, the model before it).
     */
    public List<Check> validate() {
        List<Check> out = new ArrayList<>();
        for (CasePair p : pairs()) {
            if (p.baseline() == null) {
                continue;
            }
            for (int t = 0; t < 2; t++) {
                Measured target = t == 0 ? p.offload() : p.baseline();
                Measured other = t == 0 ? p.baseline() : p.offload();
                Device own = softwareDevice(target.stages());
                StageCosts o = other.stages();
                out.add(check("swap", target, other, own, handOff(o, List.of(o.policy()))));
                out.add(check("swap-pooled", target, other, own, handOff(o, List.of(offload, baseline))));
                out.add(check("swap-constant-rest", target, other, own, HandOff.NONE));
                out.add(check("self", target, target, own, handOff(target.stages(), List.of(target.stages().policy()))));
            }
        }
        return out;
    }

    private static Check check(String kind, Measured target, Measured base, Device dev, HandOff h) {
        StageCosts s = target.stages();
        return new Check(kind, s.pattern(), s.blockSize(), s.jobs(), s.policy(), base.stages().policy(),
                s.windowMbPerS(), OffloadModel.predict(base.stages(), base.stages().windowMbPerS(), dev,
                        s.availableCores(), h),
                s.restPerDataVio(), base.stages().restPerDataVio(), h.cores());
    }

    /** A policy's own codec as the "device": its CPU time per compress and per decompress call. */
    static Device softwareDevice(StageCosts s) {
        double c = s.compress().calls() == 0 ? 0 : s.compress().cpuUs() / s.compress().calls();
        double d = s.decompress().calls() == 0 ? 0 : s.decompress().cpuUs() / s.decompress().calls();
        return Device.software(s.policy() + "-software", c, d);
    }

    // ------------------------------------------------------------------ output

    public void writeModelCsv(List<Row> rows) {
        write(dir.resolve(MODEL_CSV), List.of("pattern", "block_size", "jobs", "execution", "cpu_threads", "params",
                "baseline_policy", "measured_baseline_mb_per_s", "offload_policy", "measured_offload_policy_mb_per_s",
                "window_baseline_mb_per_s", "window_offload_policy_mb_per_s", "MODEL_device_latency_us", "MODEL_mb_per_s", "MODEL_change_vs_baseline_pct", "MODEL_bottleneck",
                "MODEL_break_even_latency_us"), rows.stream().map(r -> List.of(r.pattern(), Integer.toString(r.blockSize()),
                Integer.toString(r.jobs()), r.execution(), Integer.toString(r.cpuThreads()), r.params(), r.baseline(),
                num(r.baselineMbPerS()), r.offloadPolicy(), num(r.offloadMbPerS()), num(r.baselineWindowMbPerS()),
                num(r.offloadWindowMbPerS()), num(r.deviceLatencyUs()),
                num(r.prediction().mbPerS()), num(r.changePct()), r.prediction().bottleneck(), num(r.breakEvenUs()))).toList());
    }

    public void writeValidationCsv(List<Check> checks) {
        write(dir.resolve(VALIDATION_CSV), List.of("kind", "pattern", "block_size", "jobs", "policy", "stage_costs_of",
                "window_mb_per_s", "MODEL_mb_per_s", "MODEL_error_pct", "MODEL_bottleneck", "policy_rest_cpu_us",
                "stage_costs_of_rest_cpu_us", "MODEL_rest_cpu_us", "MODEL_handoff_cores"),
                checks.stream().map(c -> List.of(c.kind(), c.pattern(), Integer.toString(c.blockSize()),
                        Integer.toString(c.jobs()), c.target(), c.base(), num(c.measuredMbPerS()),
                        num(c.prediction().mbPerS()), num(c.errorPct()), c.prediction().bottleneck(),
                        num(c.targetRestUs()), num(c.baseRestUs()), num(c.prediction().restUs()),
                        num(c.handOffCores()))).toList());
    }

    private static void write(Path file, List<String> header, List<List<String>> rows) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter p = new CSVPrinter(w, CsvTable.FORMAT.builder().setRecordSeparator("\n").get())) {
            p.printRecord(header);
            for (List<String> r : rows) {
                p.printRecord(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Empty for NaN ("not measured / not found"), "inf" for infinity, else 4 decimals. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    public Path dir() {
        return dir;
    }

    public String baseline() {
        return baseline;
    }

    public String offload() {
        return offload;
    }
}
