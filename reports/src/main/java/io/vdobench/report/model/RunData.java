package io.vdobench.report.model;

import io.vdobench.fio.CaseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything one run directory holds, each part possibly missing. */
public record RunData(Path dir, String label, Environment environment, Input<CaseResult> results,
                      Input<SummaryRow> summary, Input<CodecBenchRow> codecBench, Input<FragmentSample> fragments,
                      Input<ConformanceRow> conformance, Input<HostileTally> hostile, Input<BandwidthInterval> intervals,
                      Input<IoVerdict> verdicts, Input<SectionRun> sections, String environmentProblem) {

    /** How section {@code name} was produced in this run, or null when sections.properties does not say. */
    public SectionRun section(String name) {
        return sections.rows().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Problems with files that exist but could not be read. */
    public List<String> brokenInputs() {
        List<String> out = new ArrayList<>();
        for (Input<?> i : List.of(results, summary, codecBench, fragments, conformance, hostile, intervals, verdicts,
                sections)) {
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
