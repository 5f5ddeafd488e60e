package io.vdobench.vdo;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.policy.FallbackReason;
import java.util.concurrent.atomic.LongAdder;

/** The volume's live counters; {@link VdoVolume#statistics()} snapshots them. */
final class Counters {
    final LongAdder writes = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder discards = new LongAdder();
    final LongAdder flushes = new LongAdder();
    final LongAdder zeroBlocks = new LongAdder();
    final LongAdder dedupeHits = new LongAdder();
    final LongAdder concurrentDedupe = new LongAdder();
    final LongAdder staleAdvice = new LongAdder();
    final LongAdder hashCollisions = new LongAdder();
    final LongAdder uncompressedWritten = new LongAdder();
    final LongAdder fragmentsWritten = new LongAdder();
    final LongAdder packedBlocks = new LongAdder();
    final LongAdder notCompressible = new LongAdder();
    final LongAdder packerRejected = new LongAdder();
    final LongAdder singleBatches = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder compressedBytes = new LongAdder();
    final LongAdder logicalUsed = new LongAdder();
    final LongAdder[] fragmentsPerBlock = adders(VdoConstants.MAX_COMPRESSION_SLOTS + 1);
    final LongAdder[] fallbacks = adders(FallbackReason.values().length);
    final LongAdder[][] byAlgPath = new LongAdder[CompressionAlgorithm.values().length][];

    Counters() {
        for (int i = 0; i < byAlgPath.length; i++) {
            byAlgPath[i] = adders(ExecutionPath.values().length);
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
