package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignFlipCheckTest {
    @Test
    void recordedForksWithARealEffectStillGiveFewFalseAlarmsOnceSwapped() {
        // Two types x 6 cases x 6 pairs, drifting forks, B 3 % slower on writes: the run itself says
        // "B slower", and its sign-flipped resamples rarely say anything.
        SplittableRandom rnd = new SplittableRandom(11);
        List<CaseResult> r = new ArrayList<>();
        List<MatrixCase> cases = new ArrayList<>();
        for (IoPattern p : List.of(IoPattern.WRITE, IoPattern.RANDREAD)) {
            for (int bs : new int[] {4096, 8192, 16384, 32768, 65536, 131072}) {
                MatrixCase c = MatrixCase.of(p, bs, 1);
                cases.add(c);
                double[] a = new double[6];
                double[] b = new double[6];
                for (int i = 0; i < 6; i++) {
                    double machine = 1 + 0.1 * (2 * rnd.nextDouble() - 1);
                    a[i] = 1000 * machine * (1 + 0.02 * rnd.nextGaussian());
                    b[i] = 1000 * machine * (p.isWrite() ? 0.97 : 1.0) * (1 + 0.02 * rnd.nextGaussian());
                }
                r.add(CaseResult.ofSamples(c, "lz4", a));
                r.add(CaseResult.ofSamples(c, "x", b));
            }
        }
        assertEquals(io.vdobench.stats.EffectVerdict.B_SLOWER,
                PolicyComparison.compare(r, "lz4", "x", cases).pattern(IoPattern.WRITE).verdict());
        SignFlipCheck.Outcome o = SignFlipCheck.run(r, "lz4", "x", cases, 200, 1);
        assertEquals(200, o.resamples());
        assertEquals(List.of("sequential write", "random read", "all"), List.copyOf(o.alarms().keySet()));
        assertTrue(o.anyRow() <= 20, o.text()); // Holm: at most 5 % family-wise (10 of 200), with slack
        assertTrue(o.text().startsWith("Sign-flip check (200 resamples"), o.text());
    }

    @Test
    void unpairedResultsAreRefused() {
        MatrixCase c = MatrixCase.of(IoPattern.WRITE, 4096, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> SignFlipCheck.run(
                List.of(CaseResult.of(c, "a", 1), CaseResult.of(c, "b", 1)), "a", "b", List.of(c), 10, 1));
        assertTrue(e.getMessage().contains("needs paired forks"), e.getMessage());
    }
}
