package io.vdobench.report.html;

import io.vdobench.fio.CaseResult;
import io.vdobench.report.model.Environment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sentence that says, in words, where the "IAA" numbers ran. A software path must never read
 * as hardware, so anything short of every IAA row saying {@code hardware} is spelled out.
 *
 * @param text    the sentence
 * @param warning true when the reader must be careful (mixed or unknown paths)
 */
public record PathStatement(String text, boolean warning) {

    static boolean isIaa(CaseResult r) {
        String s = (r.policy() + " " + r.codec()).toLowerCase(Locale.ROOT);
        return s.contains("iaa") || s.contains("qpl");
    }

    public static PathStatement of(List<CaseResult> results, Environment env) {
        Map<String, Integer> paths = new TreeMap<>();
        for (CaseResult r : results) {
            if (isIaa(r)) {
                paths.merge(r.executedPath(), 1, Integer::sum);
            }
        }
        String devices = env.get(Environment.IAA_DEVICES);
        String hostHw = devices.isEmpty() ? "the environment does not say whether this host has IAA devices"
                : devices.equals("0") ? "no IAA hardware on this host"
                : devices + " IAA device(s) on this host";
        if (paths.isEmpty()) {
            String q = env.get(Environment.QPL_PATH);
            if (q.isEmpty()) {
                return new PathStatement("No IAA/qpl policy in these results.", false);
            }
            return new PathStatement("No IAA/qpl policy in these results. The qpl codec on this host runs on its "
                    + q.toUpperCase(Locale.ROOT) + " path (" + hostHw + ")"
                    + (env.get(Environment.QPL_REASON).isEmpty() ? "" : ": " + env.get(Environment.QPL_REASON)) + ".", false);
        }
        if (paths.size() == 1) {
            String p = paths.keySet().iterator().next();
            return switch (p) {
                case "hardware" -> new PathStatement("IAA numbers ran on IAA HARDWARE (libqpl's hardware path; "
                        + hostHw + ").", false);
                case "software" -> new PathStatement("IAA numbers ran on libqpl's SOFTWARE path: " + hostHw
                        + ". They measure the CPU, not an accelerator.", !devices.equals("0"));
                case "unknown" -> new PathStatement("The results do not say which path the IAA numbers ran on "
                        + "(no executed_path column): treat them as NOT hardware unless you know otherwise; " + hostHw + ".", true);
                default -> new PathStatement("IAA/qpl policy rows ran on the '" + p + "' path, not on IAA hardware ("
                        + hostHw + ").", true);
            };
        }
        StringBuilder sb = new StringBuilder("IAA rows ran on MIXED paths: ");
        paths.forEach((p, n) -> sb.append(p).append(" (").append(n).append(n == 1 ? " row), " : " rows), "));
        sb.setLength(sb.length() - 2);
        return new PathStatement(sb.append("; ").append(hostHw).append(". Compare like with like.").toString(), true);
    }
}
