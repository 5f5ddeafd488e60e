package io.vdobench.bench;

import io.vdobench.vdo.ThreadLoad;
import io.vdobench.vdo.ThreadWindow;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The measured part of a trial: JMH's measurement iterations, without the gaps between them (the
 * population, the warm-up, the pauses while JMH stops and restarts its threads, the trial-end
 * flush). Counts of the volume and each dm-vdo thread's load over it, so the side file describes
 * the measured I/O only and the cpu-thread time per data_vio matches JMH's bandwidth.
 *
 * @param nanos           wall time of the measurement iterations, summed
 * @param dataVios        4 KiB data_vios submitted in them (writes, reads, discards)
 * @param fragments       compressed fragments written
 * @param wholeBlocks     blocks written uncompressed
 * @param compressedBytes bytes of the fragments
 * @param packedBlocks    packed blocks written
 * @param threads         each thread's busy share and queue depth over them (none inline)
 */
record MeasuredWindow(long nanos, long dataVios, long fragments, long wholeBlocks, long compressedBytes,
                      long packedBlocks, List<ThreadLoad> threads) {

    /** Watches a volume over JMH's measurement iterations: {@link #iterationStarts()}, {@link #iterationEnds()}. */
    static final class Watch {
        private final VdoVolume volume;
        private ThreadWindow window;
        private VdoStatistics iterationStart;
        private long dataVios;
        private long fragments;
        private long wholeBlocks;
        private long compressedBytes;
        private long packedBlocks;

        Watch(VdoVolume volume) {
            this.volume = volume;
        }

        synchronized void iterationStarts() {
            iterationStart = volume.statistics();
            if (window == null) {
                window = volume.watchThreads();
            } else {
                window.resume();
            }
        }

        /** Closes the iteration's stretch and returns the window so far. */
        synchronized MeasuredWindow iterationEnds() {
            if (window == null || iterationStart == null) {
                return null;
            }
            window.pause();
            VdoStatistics s = iterationStart;
            VdoStatistics e = volume.statistics();
            dataVios += e.blockWrites() - s.blockWrites() + e.blockReads() - s.blockReads() + e.blockDiscards()
                    - s.blockDiscards();
            fragments += e.compressedFragmentsWritten() - s.compressedFragmentsWritten();
            wholeBlocks += e.uncompressedBlocksWritten() - s.uncompressedBlocksWritten();
            compressedBytes += e.compressedBytes() - s.compressedBytes();
            packedBlocks += e.packedBlocksWritten() - s.packedBlocksWritten();
            iterationStart = null;
            return new MeasuredWindow(window.elapsedNanos(), dataVios, fragments, wholeBlocks, compressedBytes,
                    packedBlocks, window.loads());
        }
    }

    /**
     * Time of the cpu threads ("cpuQ", or "cpuQ0", "cpuQ1" … with cpu &gt; 1) per data_vio, ns, by
     * {@code share} (busy: running or waiting for a core; CPU: on a core): what hashing,
     * compression, decompression and verification cost each block there. NaN inline, when no
     * data_vio was submitted, or when the share is unknown.
     */
    double cpuThreadNanosPerDataVio(ToDoubleFunction<ThreadLoad> share) {
        double time = 0;
        boolean any = false;
        for (ThreadLoad t : threads) {
            if (t.name().startsWith("cpuQ")) {
                time += share.applyAsDouble(t) / 100 * nanos;
                any = true;
            }
        }
        return !any || dataVios <= 0 ? Double.NaN : time / dataVios;
    }

    /** Compression ratio of the blocks that went through compression in the window (NaN if none did). */
    double compressionRatio() {
        double stored = compressedBytes + 4096.0 * wholeBlocks;
        return fragments + wholeBlocks == 0 || stored == 0 ? Double.NaN : 4096.0 * (fragments + wholeBlocks) / stored;
    }

    /** Mean fragments per packed block written in the window (NaN if none was). */
    double fragmentsPerPackedBlock() {
        return packedBlocks == 0 ? Double.NaN : (double) fragments / packedBlocks;
    }
}
