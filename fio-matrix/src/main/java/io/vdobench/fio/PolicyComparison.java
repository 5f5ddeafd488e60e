package io.vdobench.fio;

import io.vdobench.stats.AverageEffect;
import io.vdobench.stats.EffectVerdict;
import io.vdobench.stats.Holm;
import io.vdobench.stats.Median;
import io.vdobench.stats.PairedRatio;
import io.vdobench.stats.Power;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares candidate policy B with baseline A over a set of cases, and settles it per I/O type.
 *
 * <p>Per case, the i-th sample of A and the i-th of B are a pair of forks run next to each other (the
 * matrix runs them A B B A / B A A B), and the change is the geometric mean of the pair ratios with a
 * paired t interval and p over pairs ({@link PairedRatio}, the statistics the speed gate uses). A case
 * with one value per side, or unequal counts, is one pair of means: no interval of its own. Per I/O type
 * the average change gets a hierarchical bootstrap interval ({@link AverageEffect}: cases, then pairs
 * within a case) and p. The p-values of the I/O types and the all-cases row are corrected together by
 * Holm's method; those of the cases within each type ("significant wins"). Verdicts at alpha
 * {@value #ALPHA}; every figure comes with the smallest change the run could detect (80 % power).
 */
public final class PolicyComparison {
    /** Significance level of every verdict (after Holm's correction) and of the MDE. */
    public static final double ALPHA = Power.ALPHA;
    /** How the summary states its multiple-comparison correction. */
    public static final String CORRECTION = "Holm";

    private PolicyComparison() {
    }

    /**
     * @param results   results.csv rows of any policies, each with its per-fork (per-repeat) samples when it
     *                  has pairs; those of other policies and of cases outside {@code cases} are ignored
     * @param baseline  policy A
     * @param candidate policy B
     * @param cases     the cases to compare (e.g. a profile's); every one needs a result for A and B
     * @throws MissingResultsException  if some case lacks a result for A or B
     * @throws IllegalArgumentException on duplicate (case, policy) results, A == B, or a compared row whose
     *                                  bandwidth is not a positive finite number
     */
    public static ComparisonSummary compare(List<CaseResult> results, String baseline, String candidate,
                                            List<MatrixCase> cases) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        if (baseline.equals(candidate)) {
            throw new IllegalArgumentException("baseline and candidate are the same label: " + baseline
                    + " (an A/A run names the second " + PolicyLabels.distinct(List.of(baseline, baseline)).get(1) + ")");
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no cases to compare");
        }
        Map<String, CaseResult> index = new HashMap<>();
        for (CaseResult r : results) {
            if (!r.policy().equals(baseline) && !r.policy().equals(candidate)) {
                continue;
            }
            String key = r.policy() + ":" + r.matrixCase().id();
            if (index.put(key, r) != null) {
                throw new IllegalArgumentException("duplicate result for " + key
                        + " (merge repeats into one CaseResult with samples)");
            }
        }
        List<String> missing = new ArrayList<>();
        for (MatrixCase c : cases) {
            for (String p : List.of(baseline, candidate)) {
                CaseResult r = index.get(p + ":" + c.id());
                if (r == null) {
                    missing.add(p + ":" + c.id());
                } else if (!r.matrixCase().equals(c)) {
                    throw new IllegalArgumentException("result " + p + ":" + c.id() + " has different case parameters: "
                            + r.matrixCase() + " vs " + c);
                } else {
                    CaseResult.requirePositive(c, p, r.bwBytes());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingResultsException(missing);
        }
        Map<IoPattern, List<MatrixCase>> byPattern = new LinkedHashMap<>();
        for (IoPattern p : IoPattern.values()) {
            for (MatrixCase c : cases) {
                if (c.pattern() == p) {
                    byPattern.computeIfAbsent(p, k -> new ArrayList<>()).add(c);
                }
            }
        }
        List<PatternSummary> rows = new ArrayList<>();
        List<CaseComparison> all = new ArrayList<>();
        List<double[]> allRatios = new ArrayList<>();
        for (var e : byPattern.entrySet()) {
            List<CaseComparison> cs = new ArrayList<>();
            List<double[]> ratios = new ArrayList<>();
            for (MatrixCase c : e.getValue()) {
                double[] d = logRatios(index.get(baseline + ":" + c.id()), index.get(candidate + ":" + c.id()));
                ratios.add(d);
                cs.add(caseOf(c, index.get(baseline + ":" + c.id()), index.get(candidate + ":" + c.id()), d));
            }
            double[] adjusted = Holm.adjust(cs.stream().mapToDouble(CaseComparison::p).toArray());
            for (int i = 0; i < cs.size(); i++) {
                cs.set(i, cs.get(i).withHolm(adjusted[i]));
            }
            rows.add(summarise(e.getKey(), cs, ratios));
            all.addAll(cs);
            allRatios.addAll(ratios);
        }
        PatternSummary overall = summarise(null, all, allRatios);
        // With one I/O type the all-cases row is the same test, not another one.
        int tests = rows.size() == 1 ? 1 : rows.size() + 1;
        double[] p = new double[tests];
        for (int i = 0; i < rows.size(); i++) {
            p[i] = rows.get(i).p();
        }
        if (tests > rows.size()) {
            p[rows.size()] = overall.p();
        }
        double[] adjusted = Holm.adjust(p);
        for (int i = 0; i < rows.size(); i++) {
            rows.set(i, rows.get(i).withHolm(adjusted[i]));
        }
        return new ComparisonSummary(baseline, candidate, rows, overall.withHolm(adjusted[tests - 1]));
    }

    /** ln(B/A) per fork pair; one value (of the means) unless both sides have as many samples. */
    static double[] logRatios(CaseResult a, CaseResult b) {
        if (a.sampleCount() >= 1 && a.sampleCount() == b.sampleCount()) {
            return PairedRatio.logRatios(a.samples(), b.samples());
        }
        return new double[] {Math.log(b.bwBytes()) - Math.log(a.bwBytes())};
    }

    private static CaseComparison caseOf(MatrixCase c, CaseResult a, CaseResult b, double[] d) {
        PairedRatio r = PairedRatio.ofLogRatios(d);
        boolean paired = d.length > 1;
        // Paired: each side's bandwidth is the geometric mean of its forks, so that B/A is exactly the change.
        double bwA = paired ? geometricMean(a.samples()) : a.bwBytes();
        double bwB = paired ? geometricMean(b.samples()) : b.bwBytes();
        double change = paired ? 100 * r.change() : change(bwA, bwB);
        return new CaseComparison(c, bwA, bwB, change, 100 * r.low(), 100 * r.high(), r.pairs(), r.p(), Double.NaN,
                100 * r.detectable(ALPHA, Power.POWER), EffectVerdict.NOT_JUDGED);
    }

    static double geometricMean(double[] v) {
        return Math.exp(Arrays.stream(v).map(Math::log).average().orElseThrow());
    }

    private static PatternSummary summarise(IoPattern pattern, List<CaseComparison> cs, List<double[]> ratios) {
        double[] changes = cs.stream().mapToDouble(CaseComparison::changePct).toArray();
        double avg = Arrays.stream(changes).average().orElseThrow();
        double median = Median.of(changes);
        int wins = (int) cs.stream().filter(CaseComparison::win).count();
        int ties = (int) cs.stream().filter(CaseComparison::tie).count();
        int significant = (int) cs.stream().filter(CaseComparison::significantWin).count();
        CaseComparison best = cs.get(0);
        for (CaseComparison c : cs) {
            if (c.changePct() > best.changePct()) {
                best = c;
            }
        }
        AverageEffect e = AverageEffect.of(ratios);
        // The interval and test are about the average of the cases' changes; `avg` is that average.
        double shift = avg / 100 - e.mean();
        return new PatternSummary(pattern, cs, avg, median, wins, ties, best, 100 * (e.low() + shift),
                100 * (e.high() + shift), e.p(), Double.NaN, 100 * e.detectable(ALPHA, Power.POWER), significant,
                EffectVerdict.NOT_JUDGED);
    }

    /** 100·(b/a − 1). */
    static double change(double a, double b) {
        if (!(a > 0)) {
            throw new IllegalArgumentException("baseline bandwidth must be > 0 to compute a change, got " + a);
        }
        return 100.0 * (b / a - 1.0);
    }
}
