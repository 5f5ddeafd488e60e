package io.vdobench.bench;

import io.vdobench.vdo.ThreadLoad;
import io.vdobench.vdo.ThreadWindow;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The measured part of a trial (JMH's measurement iterations): the volume's counters at its start
 * and end, and each dm-vdo thread's load over it, so the side file describes the measured I/O only
 * (not the population, the warm-up or the trial-end flush).
 *
 * @param nanos   wall time from the first measurement iteration's start to the last one's end
 * @param start   the counters when it started
 * @param end     the counters when it ended
 * @param threads each thread's busy share and queue depth over it (none inline)
 */
record MeasuredWindow(long nanos, VdoStatistics start, VdoStatistics end, List<ThreadLoad> threads) {

    /** Watches a volume from now; {@link #end()} takes the second look. */
    static final class Watch {
        private final VdoVolume volume;
        private final VdoStatistics start;
        private final ThreadWindow window;

        Watch(VdoVolume volume) {
            this.volume = volume;
            this.start = volume.statistics();
            this.window = volume.watchThreads();
        }

        MeasuredWindow end() {
            List<ThreadLoad> loads = window.loads();
            return new MeasuredWindow(window.elapsedNanos(), start, volume.statistics(), loads);
        }
    }

    /** 4 KiB data_vios submitted in the window (writes, reads and discards). */
    long dataVios() {
        return end.blockWrites() - start.blockWrites() + end.blockReads() - start.blockReads()
                + end.blockDiscards() - start.blockDiscards();
    }

    /**
     * Time of the cpu threads ("cpuQ", or "cpuQ0", "cpuQ1" … with cpu &gt; 1) per data_vio, ns, by
     * {@code share} (busy: running or waiting for a core; CPU: on a core): what hashing,
     * compression, decompression and verification cost each block there. NaN inline, when no
     * data_vio was submitted, or when the share is unknown.
     */
    double cpuThreadNanosPerDataVio(ToDoubleFunction<ThreadLoad> share) {
        long n = dataVios();
        double time = 0;
        boolean any = false;
        for (ThreadLoad t : threads) {
            if (t.name().startsWith("cpuQ")) {
                time += share.applyAsDouble(t) / 100 * nanos;
                any = true;
            }
        }
        return !any || n <= 0 ? Double.NaN : time / n;
    }

    /** Compression ratio of the blocks that went through compression in the window (NaN if none did). */
    double compressionRatio() {
        long fragments = end.compressedFragmentsWritten() - start.compressedFragmentsWritten();
        long whole = end.uncompressedBlocksWritten() - start.uncompressedBlocksWritten();
        long bytes = end.compressedBytes() - start.compressedBytes();
        double stored = bytes + 4096.0 * whole;
        return fragments + whole == 0 || stored == 0 ? Double.NaN : 4096.0 * (fragments + whole) / stored;
    }

    /** Mean fragments per packed block written in the window (NaN if none was). */
    double fragmentsPerPackedBlock() {
        long packed = end.packedBlocksWritten() - start.packedBlocksWritten();
        return packed == 0 ? Double.NaN
                : (double) (end.compressedFragmentsWritten() - start.compressedFragmentsWritten()) / packed;
    }
}
