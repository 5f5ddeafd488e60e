package io.vdobench.fio;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which the policies' repeats of one case run, for both engines: rotated every round, so
 * that with two policies a case runs A B, B A, A B … (A B B A A B B A: each repeat of B next to the
 * repeat of A it is paired with, and neither policy always first), and the first round alternates from
 * case to case. Machine drift then hits both sides of a pair alike and cancels in their ratio.
 */
public final class ForkOrder {
    private ForkOrder() {
    }

    /** The policies of round {@code round} of case number {@code caseIndex} (both from 0), in running order. */
    public static List<String> of(List<String> policies, int caseIndex, int round) {
        int n = policies.size();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(policies.get((i + caseIndex + round) % n));
        }
        return out;
    }
}
