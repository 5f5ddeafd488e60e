package io.vdobench.fio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Computes the patch-style comparison of candidate policy B against baseline A over a set of cases.
 *
 * <p>Confidence intervals are percentile bootstraps (95 %, {@value #BOOTSTRAP_ROUNDS} rounds, fixed
 * seed so a summary is reproducible): for a case, A's and B's samples are resampled independently
 * and the change of the means recomputed; for a pattern's average, every case is resampled that way
 * in each round. They describe run-to-run noise of these cases only (the cases are fixed, not a
 * sample), and need at least two samples per case and policy; with fewer there is no interval.
 */
public final class PolicyComparison {
    static final int BOOTSTRAP_ROUNDS = 2000;
    private static final long BOOTSTRAP_SEED = 0x5eed_cafeL;

    private PolicyComparison() {
    }

    /**
     * @param results   results of any policies; those of other policies and of cases outside
     *                  {@code cases} are ignored
     * @param baseline  policy A
     * @param candidate policy B
     * @param cases     the cases to compare (e.g. a profile's); every one needs a result for A and B
     * @throws MissingResultsException  if some case lacks a result for A or B
     * @throws IllegalArgumentException on duplicate (case, policy) results or A == B
     */
    public static ComparisonSummary compare(List<CaseResult> results, String baseline, String candidate,
                                            List<MatrixCase> cases) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        if (baseline.equals(candidate)) {
            throw new IllegalArgumentException("baseline and candidate are the same policy: " + baseline);
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
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingResultsException(missing);
        }
        SplittableRandom rnd = new SplittableRandom(BOOTSTRAP_SEED);
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
        List<CaseResult[]> allPairs = new ArrayList<>();
        for (var e : byPattern.entrySet()) {
            List<CaseResult[]> pairs = new ArrayList<>();
            for (MatrixCase c : e.getValue()) {
                pairs.add(new CaseResult[] {index.get(baseline + ":" + c.id()), index.get(candidate + ":" + c.id())});
            }
            PatternSummary s = summarise(e.getKey(), pairs, rnd);
            rows.add(s);
            all.addAll(s.cases());
            allPairs.addAll(pairs);
        }
        PatternSummary overall = summarise(null, allPairs, rnd);
        return new ComparisonSummary(baseline, candidate, rows, overall);
    }

    private static PatternSummary summarise(IoPattern pattern, List<CaseResult[]> pairs, SplittableRandom rnd) {
        List<CaseComparison> cs = new ArrayList<>();
        boolean allRepeated = true;
        for (CaseResult[] ab : pairs) {
            double a = ab[0].bwBytes();
            double b = ab[1].bwBytes();
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (repeated(ab)) {
                double[] boot = new double[BOOTSTRAP_ROUNDS];
                for (int i = 0; i < BOOTSTRAP_ROUNDS; i++) {
                    boot[i] = resampledChange(ab, rnd);
                }
                lo = percentile(boot, 2.5);
                hi = percentile(boot, 97.5);
            } else {
                allRepeated = false;
            }
            cs.add(new CaseComparison(ab[0].matrixCase(), a, b, change(a, b), lo, hi));
        }
        double[] changes = cs.stream().mapToDouble(CaseComparison::changePct).toArray();
        double avg = Arrays.stream(changes).average().orElseThrow();
        double median = median(changes);
        int wins = (int) cs.stream().filter(CaseComparison::win).count();
        int ties = (int) cs.stream().filter(CaseComparison::tie).count();
        CaseComparison best = cs.get(0);
        for (CaseComparison c : cs) {
            if (c.changePct() > best.changePct()) {
                best = c;
            }
        }
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (allRepeated) {
            double[] boot = new double[BOOTSTRAP_ROUNDS];
            for (int i = 0; i < BOOTSTRAP_ROUNDS; i++) {
                double sum = 0;
                for (CaseResult[] ab : pairs) {
                    sum += resampledChange(ab, rnd);
                }
                boot[i] = sum / pairs.size();
            }
            lo = percentile(boot, 2.5);
            hi = percentile(boot, 97.5);
        }
        return new PatternSummary(pattern, cs, avg, median, wins, ties, best, lo, hi);
    }

    private static boolean repeated(CaseResult[] ab) {
        return ab[0].sampleCount() >= 2 && ab[1].sampleCount() >= 2;
    }

    private static double resampledChange(CaseResult[] ab, SplittableRandom rnd) {
        return change(resampledMean(ab[0], rnd), resampledMean(ab[1], rnd));
    }

    private static double resampledMean(CaseResult r, SplittableRandom rnd) {
        int n = r.sampleCount();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += r.sample(rnd.nextInt(n));
        }
        return sum / n;
    }

    /** 100·(b/a − 1); a resampled mean of zero (all-zero samples) makes the change undefined. */
    static double change(double a, double b) {
        if (!(a > 0)) {
            throw new IllegalArgumentException("baseline bandwidth must be > 0 to compute a change, got " + a);
        }
        return 100.0 * (b / a - 1.0);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** Linear-interpolation percentile (type 7) of the values. */
    static double percentile(double[] v, double pct) {
        double[] s = v.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * pct / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }
}
