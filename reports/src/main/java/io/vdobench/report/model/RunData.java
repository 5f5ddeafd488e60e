package io.vdobench.report.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything one run directory holds, each part possibly missing. */
public record RunData(Path dir, String label, Environment environment, Input<CaseResult> results,
                      Input<SummaryRow> summary, Input<CodecBenchRow> codecBench, Input<FragmentSample> fragments,
                      Input<ConformanceRow> conformance, Input<HostileTally> hostile, String environmentProblem) {

    /** Problems with files that exist but could not be read. */
    public List<String> brokenInputs() {
        List<String> out = new ArrayList<>();
        for (Input<?> i : List.of(results, summary, codecBench, fragments, conformance, hostile)) {
            if (i.broken()) {
                out.add(i.problem());
            }
        }
        if (!environmentProblem.isEmpty()) {
            out.add(environmentProblem);
        }
        return out;
    }
}
