package io.vdobench.report.offload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One trial's measured stage costs (a run directory's {@code stages/<key>.json}, written by PipelineBench;
 * format in docs/OFFLOAD-MODEL.md §1), per 4 KiB data_vio of the measurement window. Times in µs.
 *
 * @param dataVios     data_vios the submitters completed in the window
 * @param windowUs     the window's wall time
 * @param processCpuUs CPU time of the whole JVM in the window (every thread: jobs, the volume's threads, GC)
 * @param hostBusyUs   CPU time of every process on the host in the window (NaN: unknown)
 * @param cpuThreadBusyUs busy time of dm-vdo's cpu threads together in the window (running completions or ready to;
 *                     results.csv's {@code thread_cpuQ*_busy_pct}); NaN: unknown (inline, or not recorded)
 */
public record StageCosts(String pattern, int blockSize, String policy, int jobs, String execution, int cpuThreads,
                         int hostCpus, long dataVios, double windowUs, double processCpuUs, double hostBusyUs,
                         Work hash, Work compress, Work pack, Work decompress, Work submitter, double cpuThreadBusyUs) {

    /** Without the cpu threads' busy time (a stage file alone does not have it). */
    public StageCosts(String pattern, int blockSize, String policy, int jobs, String execution, int cpuThreads,
                      int hostCpus, long dataVios, double windowUs, double processCpuUs, double hostBusyUs, Work hash,
                      Work compress, Work pack, Work decompress, Work submitter) {
        this(pattern, blockSize, policy, jobs, execution, cpuThreads, hostCpus, dataVios, windowUs, processCpuUs,
                hostBusyUs, hash, compress, pack, decompress, submitter, Double.NaN);
    }

    /** The same with the cpu threads' busy share (0..1 per thread, summed) over the window. */
    public StageCosts withCpuThreadBusyShare(double share) {
        return new StageCosts(pattern, blockSize, policy, jobs, execution, cpuThreads, hostCpus, dataVios, windowUs,
                processCpuUs, hostBusyUs, hash, compress, pack, decompress, submitter, share * windowUs);
    }

    /** X0: data_vios per second over the window. */
    public double dataViosPerSecond() {
        return dataVios / windowUs * 1e6;
    }

    /** The cpu threads' busy time per data_vio (µs), NaN when unknown. */
    public double cpuThreadBusyPerDataVio() {
        return cpuThreadBusyUs / dataVios;
    }

    /** One stage: calls, wall and CPU time in the window (totals, µs). */
    public record Work(long calls, double wallUs, double cpuUs) {
        static final Work NONE = new Work(0, 0, 0);
    }

    /**
     * The run's sustained bandwidth over the window (data_vios × 4096 / window), the rate the stage costs belong
     * to. JMH's score (results.csv) is the mean of per-iteration rates over the threads' measured time only, and
     * differs where an I/O is long against an iteration.
     */
    public double windowMbPerS() {
        return dataVios * 4096.0 / windowUs;
    }

    public boolean isWrite() {
        return pattern.contains("write");
    }

    public boolean threads() {
        return execution.equals("threads");
    }

    public int blocksPerIo() {
        return blockSize / 4096;
    }

    /**
     * s: CPU time per data_vio, all threads: the process's, or the stages' sum where that is larger (two clocks:
     * the process's counts in 10 ms ticks, the stages' are sampled per thread; on a busy VM they disagree).
     */
    public double cpuPerDataVio() {
        return Math.max(processCpuUs, stagesCpuUs()) / dataVios;
    }

    private double stagesCpuUs() {
        return hash.cpuUs() + compress.cpuUs() + pack.cpuUs() + decompress.cpuUs();
    }

    public double perDataVio(double totalUs) {
        return totalUs / dataVios;
    }

    /** Calls of a stage per data_vio (e.g. the share of blocks compressed). */
    public double callsPerDataVio(Work w) {
        return (double) w.calls() / dataVios;
    }

    /** CPU per data_vio outside hashing, compressing, packing and decompressing (0 where the clocks disagree). */
    public double restPerDataVio() {
        return cpuPerDataVio() - perDataVio(stagesCpuUs());
    }

    /** Wall time per data_vio that its submitter spent off CPU (waiting for locks, threads, the device). */
    public double waitPerDataVio() {
        return perDataVio(submitter.wallUs() - submitter.cpuUs());
    }

    /**
     * Cores this run could have: the host's, less what other processes used during the window
     * (at least 0.1, so a saturated host still gives a finite bound).
     */
    public double availableCores() {
        if (Double.isNaN(hostBusyUs) || windowUs <= 0) {
            return hostCpus;
        }
        double others = Math.max(0, hostBusyUs - processCpuUs) / windowUs;
        return Math.max(0.1, Math.min(hostCpus, hostCpus - others));
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static StageCosts read(Path file) {
        JsonNode o;
        try {
            o = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new OffloadModelException(file + ": not a stage file: " + e.getMessage());
        }
        if (o == null || o.path("version").asInt() != 1) {
            throw new OffloadModelException(file + ": not a stage file of version 1");
        }
        String pattern = text(o, "pattern", file);
        JsonNode st = o.path("stages");
        Work submitter = work(st, pattern.contains("write") ? "write" : "read", file);
        long n = st.path(pattern.contains("write") ? "write" : "read").path("data_vios").asLong();
        if (n <= 0) {
            throw new OffloadModelException(file + ": no data_vio completed in the measurement window");
        }
        long hostBusy = o.path("host_busy_ns").asLong(-1);
        return new StageCosts(pattern, (int) positive(o, "block_size", file), text(o, "policy", file),
                (int) positive(o, "jobs", file), text(o, "execution", file), (int) positive(o, "cpu_threads", file),
                (int) positive(o, "host_cpus", file), n,
                positive(o, "window_wall_ns", file) / 1e3, positive(o, "process_cpu_ns", file) / 1e3,
                hostBusy < 0 ? Double.NaN : hostBusy / 1e3, work(st, "hash", file), work(st, "compress", file),
                work(st, "pack", file), work(st, "decompress", file), submitter);
    }

    private static Work work(JsonNode stages, String name, Path file) {
        JsonNode s = stages.path(name);
        if (s.isMissingNode()) {
            throw new OffloadModelException(file + ": stage '" + name + "' is missing");
        }
        long calls = s.path("calls").asLong();
        long sampled = s.path("sampled_calls").asLong();
        // the CPU estimate from its parts (docs/OFFLOAD-MODEL.md §1), so that older files read the same way
        long wallNs = s.path("wall_ns").asLong(-1);
        if (calls > 0 && wallNs < 0) {
            throw new OffloadModelException(file + ": stage '" + name + "' has calls but no wall time (no call was timed)");
        }
        double cpuNs = sampled > 0 ? Math.min(wallNs, (double) s.path("sampled_cpu_ns").asLong() / sampled * calls)
                : s.path("cpu_ns").asLong();
        return new Work(calls, wallNs / 1e3, cpuNs / 1e3);
    }

    private static String text(JsonNode o, String key, Path file) {
        String v = o.path(key).asText("");
        if (v.isEmpty()) {
            throw new OffloadModelException(file + ": '" + key + "' is missing");
        }
        return v;
    }

    private static long positive(JsonNode o, String key, Path file) {
        long v = o.path(key).asLong(-1);
        if (v <= 0 || (!key.endsWith("_ns") && v > Integer.MAX_VALUE)) {
            throw new OffloadModelException(file + ": '" + key + "' must be a positive number");
        }
        return v;
    }
}
