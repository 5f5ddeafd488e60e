package io.vdobench.report.offload;

import io.vdobench.stats.Median;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The model's tables in Markdown (model.md, and the command's output): the predicted patch summary per
 * parameter set, the break-even device latency per block size and job count, and the validation's error
 * per I/O type. Every modelled number is under a heading or column that says MODEL.
 */
public final class ModelReport {
    private ModelReport() {
    }

    /** Median and worst absolute error of a group of checks. */
    public record ErrorSummary(String kind, String policy, String pattern, int cases, double medianAbsPct,
                               double worstAbsPct) {
    }

    public static String markdown(ModelRun run, List<Device> sets, List<ModelRun.Row> rows, List<ModelRun.Check> checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("# MODEL: offload model for ").append(run.dir()).append("\n\n");
        sb.append("Modelled numbers (MODEL) predict the '").append(run.offload())
                .append("' policy with its codec on a device; measured numbers are the run's own (results.csv). ")
                .append("Equations: docs/OFFLOAD-MODEL.md.\n\n");
        sb.append("## Parameter sets\n\n| set | device | source | date |\n|---|---|---|---|\n");
        for (Device d : sets) {
            sb.append("| ").append(d.name()).append(" | ").append(d.describe()).append(" | ").append(d.source())
                    .append(" | ").append(d.date()).append(" |\n");
        }
        sb.append("\n## MODEL: predicted patch summary (average change per I/O type vs measured ")
                .append(run.baseline()).append(")\n\n| set | I/O type | cases | MODEL average | MODEL median | MODEL wins |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Device d : sets) {
            Map<String, List<Double>> byPattern = new TreeMap<>(
                    java.util.Comparator.comparingInt(io.vdobench.fio.IoPattern::order).thenComparing(java.util.Comparator.naturalOrder()));
            for (ModelRun.Row r : rows) {
                if (r.params().equals(d.name()) && !Double.isNaN(r.baselineWindowMbPerS())) {
                    byPattern.computeIfAbsent(r.pattern(), k -> new ArrayList<>()).add(r.changePct());
                }
            }
            byPattern.forEach((p, ch) -> sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %+.1f %% | %+.1f %% | %d/%d |%n",
                    d.name(), p, ch.size(), ch.stream().mapToDouble(x -> x).average().orElse(Double.NaN), Median.of(ch),
                    ch.stream().filter(x -> x > 0).count(), ch.size())));
        }
        sb.append("\n## MODEL: break-even device latency (µs per 4 KiB job) where the '").append(run.offload())
                .append("' policy equals measured ").append(run.baseline()).append("\n\n")
                .append("Writes: compress latency; reads: decompress latency. 'none': slower than ").append(run.baseline())
                .append(" even with a free device; '>10000': faster at any latency up to 10 ms.\n");
        for (Device d : sets) {
            breakEvenTable(sb, d.name(), rows);
        }
        sb.append("\n## Hand-off term (rest = a + c/B + β/X, fitted on the run)\n\n")
                .append("The CPU per data_vio outside hash, compress, pack and decompress falls as the rate X rises "
                        + "(fewer thread wake-ups per data_vio); β, in cores, is what the model uses (docs/OFFLOAD-MODEL.md §2a).\n\n")
                .append("| fitted on | β (cores) | a (µs) | c (µs per bio) | cases | rmse (µs) |\n|---|---|---|---|---|---|\n");
        for (HandOff h : run.handOffs()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.2f | %d | %.2f |%n", h.fittedOn(), h.cores(),
                    h.perDataVioUs(), h.perBioUs(), h.runs(), h.rmseUs()));
        }
        sb.append("\n## Validation (model vs measured, this host)\n\n")
                .append("swap: a policy predicted from the other policy's stage costs with its own measured codec time as "
                        + "a sync device, the hand-off term fitted on the other policy's runs only; swap-pooled: the term "
                        + "fitted on both policies (as model.csv's predictions); swap-constant-rest: without the term "
                        + "(the rest a constant of the path); self: from its own run (consistency of the equations).\n\n")
                .append("model-validation.csv gives both runs' CPU per data_vio outside the four stages "
                        + "(`*_rest_cpu_us`) and the model's at the predicted rate (`MODEL_rest_cpu_us`).\n\n")
                .append("| kind | policy | I/O type | cases | median abs error | worst abs error |\n|---|---|---|---|---|---|\n");
        for (ErrorSummary e : errors(checks)) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f %% | %.1f %% |%n", e.kind(), e.policy(),
                    e.pattern(), e.cases(), e.medianAbsPct(), e.worstAbsPct()));
        }
        return sb.toString();
    }

    private static void breakEvenTable(StringBuilder sb, String set, List<ModelRun.Row> rows) {
        TreeSet<Integer> jobs = new TreeSet<>();
        Map<String, Map<Integer, Map<Integer, Double>>> t = new LinkedHashMap<>();
        rows.stream().filter(r -> r.params().equals(set))
                .sorted(java.util.Comparator.comparingInt(r -> io.vdobench.fio.IoPattern.order(r.pattern())))
                .forEach(r -> {
                    jobs.add(r.jobs());
                    t.computeIfAbsent(r.pattern(), k -> new TreeMap<>()).computeIfAbsent(r.blockSize(), k -> new TreeMap<>())
                            .put(r.jobs(), Double.isNaN(r.baselineWindowMbPerS()) ? null : r.breakEvenUs());
                });
        sb.append("\n### ").append(set).append("\n\n| I/O type | block size |");
        jobs.forEach(j -> sb.append(" ").append(j).append(" job").append(j == 1 ? "" : "s").append(" |"));
        sb.append("\n|---|---|").append("---|".repeat(jobs.size())).append('\n');
        t.forEach((p, bySize) -> bySize.forEach((bs, byJobs) -> {
            sb.append("| ").append(p).append(" | ").append(bs / 1024).append(" KiB |");
            for (int j : jobs) {
                sb.append(' ').append(latency(byJobs.get(j))).append(" |");
            }
            sb.append('\n');
        }));
    }

    static String latency(Double us) {
        if (us == null) {
            return "–";
        }
        if (Double.isNaN(us)) {
            return "none";
        }
        if (Double.isInfinite(us)) {
            return ">10000";
        }
        return String.format(Locale.ROOT, "%.1f", us);
    }

    /** Per kind, policy and I/O type: median and worst absolute error. */
    public static List<ErrorSummary> errors(List<ModelRun.Check> checks) {
        Map<String, List<ModelRun.Check>> g = new TreeMap<>();
        for (ModelRun.Check c : checks) {
            g.computeIfAbsent(c.kind() + "\u0000" + c.target() + "\u0000" + (10 + io.vdobench.fio.IoPattern.order(c.pattern())) + c.pattern(),
                    k -> new ArrayList<>()).add(c);
        }
        List<ErrorSummary> out = new ArrayList<>();
        g.forEach((k, cs) -> {
            List<Double> abs = cs.stream().map(c -> Math.abs(c.errorPct())).toList();
            ModelRun.Check first = cs.get(0);
            out.add(new ErrorSummary(first.kind(), first.target(), first.pattern(), cs.size(), Median.of(abs),
                    abs.stream().mapToDouble(x -> x).max().orElse(Double.NaN)));
        });
        List<String> kinds = List.of("swap", "swap-pooled", "swap-constant-rest", "self");
        out.sort(java.util.Comparator.comparingInt((ErrorSummary e) -> kinds.indexOf(e.kind()) < 0 ? 99
                : kinds.indexOf(e.kind())));
        return out;
    }
}
