package io.vdobench.fio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels of the policies a run compares. The same policy may be given twice (an A/A run, which
 * measures the method's own false alarms): the second is labelled {@code lz4#2}, and everything that
 * builds a volume takes the policy from the label with {@link #policyOf}.
 */
public final class PolicyLabels {
    /** Separates a policy from its repeat number in a label. */
    public static final char MARK = '#';

    private PolicyLabels() {
    }

    /** The labels of {@code specs} in order, the n-th repeat of a spec labelled {@code spec#n}. */
    public static List<String> distinct(List<String> specs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String s : specs) {
            String policy = policyOf(s);
            int n = seen.merge(policy, 1, Integer::sum);
            out.add(n == 1 ? policy : policy + MARK + n);
        }
        return out;
    }

    /** The policy a label names: {@code lz4#2} is {@code lz4}. */
    public static String policyOf(String label) {
        int i = label.lastIndexOf(MARK);
        if (i > 0 && i < label.length() - 1 && label.substring(i + 1).chars().allMatch(Character::isDigit)) {
            return label.substring(0, i);
        }
        return label;
    }

    /** True when both labels name the same policy: the comparison is an A/A run. */
    public static boolean isAa(String a, String b) {
        return policyOf(a).equals(policyOf(b));
    }
}
