package io.vdobench.vdo;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.policy.FallbackReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The volume's live counters; {@link VdoVolume#statistics()} snapshots them.
 *
 * <p>Each thread counts into its own shard (a padded {@code long[]} only it writes), so counting
 * costs a thread-local lookup and a plain add instead of an atomic read-modify-write per counter
 * (a write bumped four or five {@code LongAdder}s, each an uncontended CAS). A sum reads every
 * shard; shards of threads that ended are kept, so nothing counted is lost. Like
 * {@code LongAdder.sum()}, a sum taken while other threads count is not an atomic snapshot.
 */
final class Counters {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs of padding before and after a shard's slots, so two threads' shards never share a cache line. */
    private static final int PAD = 8;

    private final List<long[]> shards = new ArrayList<>();
    private final ThreadLocal<long[]> local = ThreadLocal.withInitial(this::newShard);
    private int slots;

    final Counter writes = counter();
    final Counter reads = counter();
    final Counter discards = counter();
    final Counter flushes = counter();
    final Counter zeroBlocks = counter();
    final Counter dedupeHits = counter();
    final Counter concurrentDedupe = counter();
    final Counter staleAdvice = counter();
    final Counter hashCollisions = counter();
    final Counter uncompressedWritten = counter();
    final Counter fragmentsWritten = counter();
    final Counter packedBlocks = counter();
    final Counter notCompressible = counter();
    final Counter packerRejected = counter();
    final Counter singleBatches = counter();
    final Counter cancelled = counter();
    final Counter compressedBytes = counter();
    final Counter logicalUsed = counter();
    final Counter[] fragmentsPerBlock = counters(VdoConstants.MAX_COMPRESSION_SLOTS + 1);
    final Counter[] fallbacks = counters(FallbackReason.values().length);
    final Counter[][] byAlgPath = new Counter[CompressionAlgorithm.values().length][];
    /** Fragments decoded by reads, by algorithm tag. */
    final Counter[] fragmentsRead = counters(CompressionAlgorithm.values().length);

    Counters() {
        for (int i = 0; i < byAlgPath.length; i++) {
            byAlgPath[i] = counters(ExecutionPath.values().length);
        }
    }

    private Counter counter() {
        return new Counter(this, PAD + slots++);
    }

    private Counter[] counters(int n) {
        Counter[] a = new Counter[n];
        for (int i = 0; i < n; i++) {
            a[i] = counter();
        }
        return a;
    }

    private long[] newShard() {
        long[] shard = new long[slots + 2 * PAD];
        synchronized (shards) {
            shards.add(shard);
        }
        return shard;
    }

    /** One counter: a slot in every thread's shard. */
    static final class Counter {
        private final Counters owner;
        private final int slot;

        private Counter(Counters owner, int slot) {
            this.owner = owner;
            this.slot = slot;
        }

        void add(long x) {
            long[] shard = owner.local.get();
            // only this thread writes its shard: no read-modify-write race; opaque so readers see whole values
            SLOTS.setOpaque(shard, slot, shard[slot] + x);
        }

        void increment() {
            add(1);
        }

        void decrement() {
            add(-1);
        }

        long sum() {
            long s = 0;
            synchronized (owner.shards) {
                for (int i = 0; i < owner.shards.size(); i++) { // no iterator: the journal sums per block written
                    s += (long) SLOTS.getOpaque(owner.shards.get(i), slot);
                }
            }
            return s;
        }
    }
}
