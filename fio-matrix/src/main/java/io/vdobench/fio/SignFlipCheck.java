package io.vdobench.fio;

import io.vdobench.stats.EffectVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The false-alarm rate of this run's own verdicts, from its recorded forks: if A and B did not differ,
 * which of the two forks of a pair is "A" would be a coin toss. So each resample swaps A and B within
 * every pair at random (a sign flip of the pair's log ratio: the machine's drift and noise stay exactly
 * as recorded) and settles the comparison again; a verdict other than "no detectable difference" on such
 * data is a false alarm. Over many resamples the share of false alarms should stay near alpha (Holm:
 * at most alpha over the summary's rows together). Needs fork pairs (equal sample counts per case).
 */
public final class SignFlipCheck {
    private SignFlipCheck() {
    }

    /**
     * @param alarms per I/O type label ("all" included), resamples with any verdict but "no detectable difference"
     * @param anyRow resamples with a false alarm in any row (the family-wise rate Holm keeps under alpha)
     */
    public record Outcome(int resamples, Map<String, Integer> alarms, int anyRow) {
        public String text() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "Sign-flip check (%d resamples, A and B swapped at random within each fork pair): false verdicts",
                    resamples));
            alarms.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %d (%.1f %%);", k, v,
                    100.0 * v / resamples)));
            sb.append(String.format(Locale.ROOT, " any row %d (%.1f %%; Holm keeps this under %.0f %%).", anyRow,
                    100.0 * anyRow / resamples, 100 * PolicyComparison.ALPHA));
            return sb.toString();
        }
    }

    public static Outcome run(List<CaseResult> results, String baseline, String candidate, List<MatrixCase> cases,
                              int resamples, long seed) {
        Map<String, CaseResult> a = new LinkedHashMap<>();
        Map<String, CaseResult> b = new LinkedHashMap<>();
        for (CaseResult r : results) {
            if (r.policy().equals(baseline)) {
                a.put(r.matrixCase().id(), r);
            } else if (r.policy().equals(candidate)) {
                b.put(r.matrixCase().id(), r);
            }
        }
        for (MatrixCase c : cases) {
            CaseResult ra = a.get(c.id());
            CaseResult rb = b.get(c.id());
            if (ra == null || rb == null || ra.sampleCount() < 1 || ra.sampleCount() != rb.sampleCount()) {
                throw new IllegalArgumentException("case " + c.id() + " has no fork pairs of " + baseline + " and "
                        + candidate + ": a sign-flip check needs paired forks");
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Integer> alarms = new LinkedHashMap<>();
        int any = 0;
        for (int k = 0; k < resamples; k++) {
            List<CaseResult> flipped = new ArrayList<>();
            for (MatrixCase c : cases) {
                double[] x = a.get(c.id()).samples();
                double[] y = b.get(c.id()).samples();
                for (int i = 0; i < x.length; i++) {
                    if (rnd.nextBoolean()) {
                        double t = x[i];
                        x[i] = y[i];
                        y[i] = t;
                    }
                }
                flipped.add(CaseResult.ofSamples(c, baseline, x));
                flipped.add(CaseResult.ofSamples(c, candidate, y));
            }
            ComparisonSummary s = PolicyComparison.compare(flipped, baseline, candidate, cases);
            List<PatternSummary> rows = new ArrayList<>(s.patterns());
            rows.add(s.overall());
            boolean alarm = false;
            for (PatternSummary p : rows) {
                boolean wrong = p.verdict() == EffectVerdict.B_FASTER || p.verdict() == EffectVerdict.B_SLOWER;
                alarms.merge(p.label(), wrong ? 1 : 0, Integer::sum);
                alarm |= wrong;
            }
            any += alarm ? 1 : 0;
        }
        return new Outcome(resamples, alarms, any);
    }
}
