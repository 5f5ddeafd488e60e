package io.vdobench.fio;

import java.util.List;

/** A reporting group of fio's output: the jobs that share a {@code groupid}, aggregated. */
public record FioGroup(int groupid, List<FioJob> jobs, IoStats read, IoStats write, IoStats trim) {
    public FioGroup {
        jobs = List.copyOf(jobs);
    }

    /** The first job's name (fio names a {@code group_reporting} group after its first job). */
    public String name() {
        return jobs.get(0).jobname();
    }

    public IoStats stats(IoPattern pattern) {
        return pattern.isWrite() ? write : read;
    }
}
