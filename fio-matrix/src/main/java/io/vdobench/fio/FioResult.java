package io.vdobench.fio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A parsed fio JSON document ({@code --output-format=json}). */
public record FioResult(String fioVersion, long timestamp, long timestampMs, String time,
                        Map<String, String> globalOptions, List<FioJob> jobs) {
    public FioResult {
        globalOptions = Collections.unmodifiableMap(new LinkedHashMap<>(globalOptions));
        jobs = List.copyOf(jobs);
    }

    /** Global options overlaid with the job's own ({@code job options} win, as in fio). */
    public Map<String, String> effectiveOptions(FioJob job) {
        Map<String, String> m = new LinkedHashMap<>(globalOptions);
        m.putAll(job.options());
        return m;
    }

    /** Jobs grouped by {@code groupid} and aggregated, in groupid order. */
    public List<FioGroup> groups() {
        Map<Integer, List<FioJob>> by = new TreeMap<>();
        for (FioJob j : jobs) {
            by.computeIfAbsent(j.groupid(), k -> new ArrayList<>()).add(j);
        }
        List<FioGroup> out = new ArrayList<>();
        for (var e : by.entrySet()) {
            List<FioJob> js = e.getValue();
            out.add(new FioGroup(e.getKey(), js, IoStats.aggregate(js.stream().map(FioJob::read).toList()),
                    IoStats.aggregate(js.stream().map(FioJob::write).toList()),
                    IoStats.aggregate(js.stream().map(FioJob::trim).toList())));
        }
        return out;
    }
}
