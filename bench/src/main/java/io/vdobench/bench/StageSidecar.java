package io.vdobench.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vdobench.vdo.Stage;
import io.vdobench.vdo.StageTotals;
import io.vdobench.vdo.ThreadConfig;
import io.vdobench.vdo.VdoStatistics;
import java.nio.file.Path;

/**
 * A trial's stage costs for the offload model ({@code vdobench model}): {@code <dir>/<key>.json}
 * (the run directory's {@code stages/}), keyed as the trial's {@link Sidecar}. Per stage (hash, compress, pack, decompress, and the
 * submitter's whole write or read) the calls, data_vios, wall time and the sampled CPU time over the
 * measurement window, with the process's CPU time, the window's wall time, the host's processors and
 * the volume's threads. Format: docs/OFFLOAD-MODEL.md.
 */
final class StageSidecar {
    static final int VERSION = 1;
    /** System property naming the stage-file directory; with it the bench volume times its stages. */
    static final String DIR = "vdobench.stages.dir";

    private StageSidecar() {
    }

    static void write(Path dir, String key, String pattern, int blockSize, String policy, int jobs, ThreadConfig config,
                      StageWindow w, VdoStatistics stats) {
        ObjectNode o = SideFiles.MAPPER.createObjectNode();
        o.put("version", VERSION);
        o.put("pattern", pattern);
        o.put("block_size", blockSize);
        o.put("policy", policy);
        o.put("jobs", jobs);
        o.put("execution", stats.execution());
        o.put("vdo_threads", config.toString());
        o.put("cpu_threads", config.cpu());
        o.put("host_cpus", Runtime.getRuntime().availableProcessors());
        o.put("window_wall_ns", w.wallNanos());
        o.put("process_cpu_ns", w.processCpuNanos());
        o.put("host_busy_ns", w.hostBusyNanos());
        o.put("compressed_fragments_written", stats.compressedFragmentsWritten());
        o.put("compressed_bytes", stats.compressedBytes());
        StageTotals t = w.totals();
        ObjectNode stages = o.putObject("stages");
        for (Stage s : Stage.values()) {
            ObjectNode n = stages.putObject(s.key());
            n.put("calls", t.calls(s));
            n.put("data_vios", t.blocks(s));
            double wall = t.wallNanos(s);
            if (Double.isFinite(wall)) { // estimated from the timed calls; absent when none of the calls was timed
                n.put("wall_ns", Math.round(wall));
            }
            n.put("timed_calls", t.timedCalls(s));
            n.put("cpu_ns", Math.round(t.cpuNanos(s)));
            n.put("sampled_calls", t.sampledCalls(s));
            n.put("sampled_wall_ns", t.sampledWallNanos(s));
            n.put("sampled_cpu_ns", t.sampledCpuNanos(s));
        }
        SideFiles.write(dir, key, o, "stage file");
    }
}
