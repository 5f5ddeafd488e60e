package io.vdobench.report.gate;

import io.vdobench.stats.Median;
import io.vdobench.stats.PairedRatio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The statistical gate on speed: benchmark by benchmark on JMH's per-iteration raw data.
 *
 * <p>Normalisation: when both runs contain {@link #CALIBRATION_PREFIX} benchmarks, every current score
 * is scaled by the ratio of the calibration medians (baseline / current, per unit direction). The
 * calibration bench does fixed CPU work that no project change touches, so the ratio measures only
 * how fast the machine is today; dividing it out lets a baseline recorded on one day (or host) gate
 * a run on another. Without calibration in both runs raw scores are compared, and the report says so.
 */
public final class SpeedGate {
    /** Benchmarks whose name starts with this are machine rulers, not subjects of the gate. */
    public static final String CALIBRATION_PREFIX = "io.vdobench.bench.CalibrationBench.";

    /**
     * Paired runs: a first look whose one-sided p toward a regression is under this (and whose change is at
     * least half the floor) is SUSPECT and gets fresh rounds. Loose on purpose: it only decides what to rerun;
     * the verdict is the pooled test at alpha, so the screen costs time, not false alarms. Chosen on the
     * recorded runs of reports/baselines/gate-sensitivity.md (see there).
     */
    public static final double SCREEN_P = 0.25;

    private final GateSettings settings;

    public SpeedGate(GateSettings settings) {
        this.settings = settings;
    }

    /** The outcome of one comparison of two (or three, with confirmation) runs. */
    public record Report(List<Comparison> comparisons, double normalisation, String normalisationNote) {
        public boolean regressed() {
            return comparisons.stream().anyMatch(c -> c.verdict() == Verdict.REGRESSION);
        }

        /** True when a benchmark of the baseline is absent from the current run. */
        public boolean anyMissing() {
            return comparisons.stream().anyMatch(c -> c.verdict() == Verdict.MISSING);
        }

        public boolean anyInvalid() {
            return comparisons.stream().anyMatch(c -> c.verdict() == Verdict.INVALID);
        }
    }

    /**
     * Compares {@code current} with {@code baseline}; a REGRESSION found there stands only if
     * {@code confirmation} (a rerun of current, may be null) flags it too, against the same baseline.
     */
    public Report compare(List<JmhResult> baseline, List<JmhResult> current, List<JmhResult> confirmation) {
        return compare(baseline, current, confirmation == null ? null : baseline, confirmation);
    }

    /**
     * Compares {@code current} with {@code baseline}; a REGRESSION found there stands only if the
     * confirmation pair ({@code confirmationBaseline}, {@code confirmation}: a fresh A/B rerun, or null)
     * flags it too. A/B gates rerun both sides, so that the confirmation is as paired as the first look.
     */
    public Report compare(List<JmhResult> baseline, List<JmhResult> current, List<JmhResult> confirmationBaseline,
                          List<JmhResult> confirmation) {
        double norm = calibrationFactor(baseline, current);
        String note = (Double.isNaN(norm) ? "raw scores compared (no calibration benchmark in both runs)"
                : String.format("scores normalised by calibration: current x %.4f", norm))
                + switch (settings.replication()) {
                    case FORK -> "; unit of replication: fork means";
                    case PAIR -> "; unit of replication: pairs of forks run next to each other (one-sided paired t-test on log ratios)";
                    case ITERATION -> "";
                };
        Report first = compareOnce(index(baseline), index(current), Double.isNaN(norm) ? 1.0 : norm);
        boolean paired = settings.replication() == GateSettings.Replication.PAIR;
        boolean anyFlagged = first.comparisons().stream()
                .anyMatch(c -> c.verdict() == Verdict.REGRESSION || c.verdict() == Verdict.SUSPECT);
        if (confirmation == null || !anyFlagged) {
            return new Report(first.comparisons(), norm, note);
        }
        Report second;
        Map<String, JmhResult> rerun = index(confirmation);
        if (paired) {
            // Paired rounds decide on all the pairs, first look and rerun together, at alpha: whatever the
            // first look was (a regression, or only a suspect), the whole is one test of fixed size, so false
            // alarms stay under alpha while a real regression gains the rerun's pairs.
            List<JmhResult> allBase = JmhResult.poolRuns(List.of(baseline, confirmationBaseline));
            List<JmhResult> allCur = JmhResult.poolRuns(List.of(current, confirmation));
            second = compareOnce(index(allBase), index(allCur), 1.0);
        } else {
            double norm2 = calibrationFactor(confirmationBaseline, confirmation);
            second = compareOnce(index(confirmationBaseline), index(confirmation), Double.isNaN(norm2) ? 1.0 : norm2);
        }
        Map<String, Comparison> again = new LinkedHashMap<>();
        second.comparisons().forEach(c -> again.put(c.key(), c));
        List<Comparison> merged = new ArrayList<>();
        for (Comparison c : first.comparisons()) {
            if (c.verdict() != Verdict.REGRESSION && c.verdict() != Verdict.SUSPECT) {
                merged.add(c);
                continue;
            }
            Comparison c2 = rerun.containsKey(c.key()) ? again.get(c.key()) : null;
            if (c2 != null && c2.verdict() == Verdict.REGRESSION) {
                merged.add(with(c, Verdict.REGRESSION, c.reason() + String.format(paired
                        ? "; confirmed on all pairs with the rerun's (%+.1f%%, p=%.2g)"
                        : "; confirmed by rerun (%+.1f%%, p=%.2g)", 100 * c2.change(), c2.pValue())));
            } else if (c2 == null && paired && c.verdict() == Verdict.SUSPECT) {
                merged.add(with(c, Verdict.INVALID, c.reason() + "; the rerun has no data for it"));
            } else {
                String what = paired ? "; not significant on all pairs with the rerun's"
                        : "; not reproduced by the confirmation run";
                String seen = c2 == null ? "" : String.format(" (%+.1f%%, %s)", 100 * c2.change(), c2.verdict());
                merged.add(with(c, c.verdict() == Verdict.SUSPECT ? Verdict.PASS : Verdict.UNCONFIRMED,
                        c.reason() + what + seen));
            }
        }
        return new Report(merged, norm, note + "; confirmation run used");
    }

    private static Comparison with(Comparison c, Verdict v, String reason) {
        return new Comparison(c.key(), c.unit(), c.direction(), c.baseline(), c.current(), c.change(), c.changeLow(),
                c.changeHigh(), c.pValue(), c.floor(), v, reason);
    }

    private Report compareOnce(Map<String, JmhResult> base, Map<String, JmhResult> cur, double norm) {
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<String, JmhResult> e : base.entrySet()) {
            if (e.getKey().startsWith(CALIBRATION_PREFIX)) {
                continue;
            }
            JmhResult c = cur.get(e.getKey());
            out.add(c == null ? missing(e.getValue(), "in the baseline but not in the current run (a benchmark that"
                    + " vanished or failed fails the gate)") : compareOne(e.getValue(), c, norm));
        }
        for (Map.Entry<String, JmhResult> e : cur.entrySet()) {
            if (!e.getKey().startsWith(CALIBRATION_PREFIX) && !base.containsKey(e.getKey())) {
                Comparison m = missing(e.getValue(), "not in the baseline: not judged");
                out.add(new Comparison(m.key(), m.unit(), m.direction(), Double.NaN, m.baseline(), Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Verdict.NEW, m.reason()));
            }
        }
        return new Report(out, norm, "");
    }

    Comparison compareOne(JmhResult b, JmhResult c, double norm) {
        int dir = b.direction();
        if (!b.unit().equals(c.unit())) {
            return invalid(b, dir, "units differ: " + b.unit() + " vs " + c.unit());
        }
        String bad = validity(b, "baseline");
        if (bad == null) {
            bad = validity(c, "current");
        }
        boolean paired = settings.replication() == GateSettings.Replication.PAIR;
        if (bad == null && settings.replication() != GateSettings.Replication.ITERATION
                && Math.min(b.forkMeans().length, c.forkMeans().length) == 0) {
            bad = "no fork data";
        }
        if (bad == null && paired && b.forkMeans().length != c.forkMeans().length) {
            bad = "paired runs need as many forks on both sides (" + b.forkMeans().length + " vs "
                    + c.forkMeans().length + ")";
        }
        double scale = dir > 0 ? norm : 1 / norm;
        double[] bs = settings.samplesOf(b);
        double[] cs = Arrays.stream(settings.samplesOf(c)).map(v -> v * scale).toArray();
        double mb = Median.of(bs);
        double mc = Median.of(cs);
        double change = (mc - mb) / mb;
        if (bad != null) {
            return new Comparison(b.key(), b.unit(), dir, mb, mc, change, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Verdict.INVALID, bad);
        }
        if (paired) {
            // The i-th current fork ran next to the i-th baseline fork (A B B A): one statistics class for the
            // gate and the matrix (io.vdobench.stats).
            return judgePaired(b, dir, mb, mc, PairedRatio.of(bs, cs));
        }
        double[] ci = bootstrapChange(bs, cs);
        double p = MannWhitney.pValue(bs, cs);
        double detectable = detectable(bs, cs);
        double floor = Math.max(settings.minEffect(), settings.noiseMultiplier() * cv(bs));
        double judged = dir * change; // > 0 better, < 0 worse
        Verdict v;
        String why;
        if (p < settings.alpha() && judged <= -floor) {
            v = Verdict.REGRESSION;
            why = String.format("worse by %.1f%% (floor %.1f%%), p=%.2g", 100 * -judged, 100 * floor, p);
        } else if (p < settings.alpha() && judged >= floor) {
            v = Verdict.IMPROVED;
            why = String.format("better by %.1f%% (floor %.1f%%), p=%.2g", 100 * judged, 100 * floor, p);
        } else {
            v = Verdict.PASS;
            why = passReason(p, judged, floor, detectable);
        }
        return new Comparison(b.key(), b.unit(), dir, mb, mc, change, ci[0], ci[1], p, floor, v, why);
    }

    /**
     * Paired verdict: a gate asks one question, "is B slower?", so the test is one-sided toward a
     * regression (and, separately, toward an improvement, reported only). A first look that leans to a
     * regression without deciding it is SUSPECT: the script reruns it, and the pooled pairs decide.
     */
    private Comparison judgePaired(JmhResult b, int dir, double mb, double mc, PairedRatio pr) {
        double floor = Math.max(settings.minEffect(), settings.noiseMultiplier() * cv(settings.samplesOf(b)));
        double judged = dir * pr.change(); // > 0 better, < 0 worse
        double pWorse = dir > 0 ? pr.pBelow() : 1 - pr.pBelow();
        double pBetter = 1 - pWorse;
        Verdict v;
        String why;
        double p;
        if (judged < 0) {
            p = pWorse;
            if (p < settings.alpha() && -judged >= floor) {
                v = Verdict.REGRESSION;
                why = String.format("worse by %.1f%% (floor %.1f%%), one-sided p=%.2g", 100 * -judged, 100 * floor, p);
            } else if (p < SCREEN_P && -judged >= floor / 2) {
                v = Verdict.SUSPECT;
                why = String.format("leans worse by %.1f%% (one-sided p=%.2g < %.2f): fresh rounds decide",
                        100 * -judged, p, SCREEN_P);
            } else {
                v = Verdict.PASS;
                why = passReason(p, judged, floor, pr.detectableOneSided(settings.alpha(), 0.8));
            }
        } else {
            p = pBetter;
            if (p < settings.alpha() && judged >= floor) {
                v = Verdict.IMPROVED;
                why = String.format("better by %.1f%% (floor %.1f%%), one-sided p=%.2g", 100 * judged, 100 * floor, p);
            } else {
                v = Verdict.PASS;
                why = passReason(p, judged, floor, pr.detectableOneSided(settings.alpha(), 0.8));
            }
        }
        return new Comparison(b.key(), b.unit(), dir, mb, mc, pr.change(), pr.low(), pr.high(), p, floor, v, why);
    }

    private String passReason(double p, double judged, double floor, double detectable) {
        return p < settings.alpha() ? String.format("significant (p=%.2g) but %.1f%% is under the floor %.1f%%",
                p, 100 * Math.abs(judged), 100 * floor)
                : String.format("no significant change (p=%.2g); this run could detect about %.0f%%", p,
                        100 * Math.max(floor, detectable));
    }

    private String validity(JmhResult r, String which) {
        double[] samples = settings.samplesOf(r);
        boolean forks = settings.replication() != GateSettings.Replication.ITERATION;
        String unit = forks ? "forks" : "samples";
        if (samples.length < settings.minSamples()) {
            return which + " has " + samples.length + " " + unit + ", needs >= " + settings.minSamples();
        }
        if (forks) {
            // JMH's scoreError of a one-fork run describes iterations, not what is compared here: judge
            // the spread of the fork means instead.
            double spread = cv(samples);
            if (!(spread <= settings.maxRelativeError())) {
                return String.format("%s fork means vary by %.0f%% (CV; cap %.0f%%): too noisy to judge", which,
                        100 * spread, 100 * settings.maxRelativeError());
            }
            return null;
        }
        if (Double.isNaN(r.scoreError())) {
            return which + " scoreError is NaN";
        }
        double rel = Math.abs(r.scoreError() / r.score());
        if (!(rel <= settings.maxRelativeError())) {
            return String.format("%s error is %.0f%% of the score (cap %.0f%%)", which, 100 * rel,
                    100 * settings.maxRelativeError());
        }
        return null;
    }

    private static Comparison missing(JmhResult r, String why) {
        double m = r.samples().length == 0 ? r.score() : Median.of(r.samples());
        return new Comparison(r.key(), r.unit(), safeDirection(r), m, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Verdict.MISSING, why);
    }

    private static Comparison invalid(JmhResult r, int dir, String why) {
        return new Comparison(r.key(), r.unit(), dir, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Verdict.INVALID, why);
    }

    private static int safeDirection(JmhResult r) {
        try {
            return r.direction();
        } catch (GateInputException e) {
            return 0;
        }
    }

    /** Baseline-calibration / current-calibration medians, or NaN when either run lacks calibration. */
    static double calibrationFactor(List<JmhResult> baseline, List<JmhResult> current) {
        Map<String, JmhResult> b = index(baseline);
        Map<String, JmhResult> c = index(current);
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, JmhResult> e : b.entrySet()) {
            if (e.getKey().startsWith(CALIBRATION_PREFIX) && c.containsKey(e.getKey())) {
                JmhResult rb = e.getValue();
                JmhResult rc = c.get(e.getKey());
                double mb = rb.samples().length > 0 ? Median.of(rb.samples()) : rb.score();
                double mc = rc.samples().length > 0 ? Median.of(rc.samples()) : rc.score();
                double r = mb / mc;
                ratios.add(rb.direction() > 0 ? r : 1 / r);
            }
        }
        if (ratios.isEmpty()) {
            return Double.NaN;
        }
        return Median.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Map<String, JmhResult> index(List<JmhResult> results) {
        Map<String, JmhResult> m = new LinkedHashMap<>();
        for (JmhResult r : results) {
            if (m.put(r.key(), r) != null) {
                throw new GateInputException("benchmark listed twice in one run: " + r.key());
            }
        }
        return m;
    }

    /**
     * The change this comparison would detect 80 % of the time at alpha 0.01 (two-sided), from the two
     * sides' spread: (z_0.995 + z_0.8) x the pooled CV x sqrt(1/n1 + 1/n2); a normal approximation,
     * printed so a pass says how small a regression could hide in it.
     */
    static double detectable(double[] b, double[] c) {
        double pooled = Math.sqrt((cv(b) * cv(b) * (b.length - 1) + cv(c) * cv(c) * (c.length - 1))
                / Math.max(1, b.length + c.length - 2));
        return (2.576 + 0.842) * pooled * Math.sqrt(1.0 / b.length + 1.0 / c.length);
    }

    static double cv(double[] v) {
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1);
        return Math.sqrt(var) / Math.abs(mean);
    }

    /** 95 % percentile-bootstrap interval of the relative change of medians; fixed seed, so repeatable. */
    static double[] bootstrapChange(double[] b, double[] c) {
        SplittableRandom r = new SplittableRandom(0x5eed);
        int rounds = 2000;
        double[] changes = new double[rounds];
        double[] rb = new double[b.length];
        double[] rc = new double[c.length];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < b.length; k++) {
                rb[k] = b[r.nextInt(b.length)];
            }
            for (int k = 0; k < c.length; k++) {
                rc[k] = c[r.nextInt(c.length)];
            }
            double mb = Median.of(rb);
            changes[i] = (Median.of(rc) - mb) / mb;
        }
        Arrays.sort(changes);
        return new double[] {changes[(int) (0.025 * rounds)], changes[(int) (0.975 * rounds) - 1]};
    }
}
