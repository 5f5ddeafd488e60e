package io.vdobench.fio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of fio's {@code jobs[]} (a job, or a whole group with {@code group_reporting}).
 *
 * @param options the job's {@code job options} (only what its section set; see
 *                {@link FioResult#effectiveOptions(FioJob)} for global ones too)
 */
public record FioJob(String jobname, int groupid, int error, Map<String, String> options, IoStats read,
                     IoStats write, IoStats trim) {
    public FioJob {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The stats of the direction the job's {@code rw} names (read for read/randread, write for write/randwrite). */
    public IoStats stats(IoPattern pattern) {
        return pattern.isWrite() ? write : read;
    }
}
