package io.vdobench.vdo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * dm-vdo's {@code struct thread_config} and threads ({@code vdo.c}: {@code initialize_thread_config},
 * {@code vdo_make_thread}) and the launching of completions ({@code completion.c}).
 *
 * <p>Thread ids are assigned in dm-vdo's order. With logical = physical = hash = 0 one "reqQ" thread
 * is every logical, physical and hash zone, the journal and the packer; otherwise there is a
 * "journalQ", a "packerQ" and one thread per zone. Then come "dedupeQ", "ackQ" (if ack &gt; 0),
 * "cpuQ" and the bio threads. The ack and cpu ids are round-robin queues with that many workers.
 *
 * <p>{@link #launch} is {@code vdo_launch_completion}: a completion launched for the thread it is
 * already on runs at once, otherwise it is queued there; {@link #requeue} always queues (dm-vdo's
 * {@code requeue} flag, which keeps lock hand-overs from growing the stack). In
 * {@link Execution#INLINE} there are no threads: a launch runs at once on the calling thread and a
 * requeue goes to that thread's own queue, which the volume empties before the call returns.
 */
final class VdoThreads {
    /** "Whatever thread runs the step now", e.g. the ack step when the table has ack=0. */
    static final int CURRENT_THREAD = -1;

    final Execution execution;
    final ThreadConfig config;
    private final int[] logicalThreads;
    private final int[] physicalThreads;
    private final int[] hashThreads;
    private final int[] bioThreads;
    final int packerThread;
    /** The recovery journal's thread ("journalQ", or "reqQ" with a single zone thread). */
    final int journalThread;
    final int dedupeThread;
    final int ackThread;
    final int cpuThread;
    /** By thread id: one service queue, or several for a round-robin thread. */
    private final WorkQueue[][] queues;
    private final int[] rotors;
    private final List<WorkQueue> all = new ArrayList<>();
    private final ThreadLocal<InlineQueue> inline;
    private final Consumer<Throwable> failures;

    /** @param failures where a worker reports what escaped a completion (a bug), e.g. for the next flush */
    VdoThreads(Execution execution, ThreadConfig config, String threadNamePrefix, Consumer<Throwable> failures) {
        this.execution = execution;
        this.config = config;
        this.failures = failures;
        List<String> names = new ArrayList<>();
        List<Integer> workers = new ArrayList<>();
        int next = 0;
        logicalThreads = new int[config.logicalZoneCount()];
        physicalThreads = new int[config.physicalZoneCount()];
        hashThreads = new int[config.hashZoneCount()];
        if (config.singleZoneThread()) {
            next = add(names, workers, "reqQ", 1); // logical, physical and hash zone 0, journal, packer
            packerThread = 0;
            journalThread = 0;
        } else {
            journalThread = add(names, workers, "journalQ", 1);
            packerThread = add(names, workers, "packerQ", 1);
            next = packerThread + 1;
            for (int i = 0; i < logicalThreads.length; i++) {
                logicalThreads[i] = add(names, workers, "logQ" + i, 1);
            }
            for (int i = 0; i < physicalThreads.length; i++) {
                physicalThreads[i] = add(names, workers, "physQ" + i, 1);
            }
            for (int i = 0; i < hashThreads.length; i++) {
                hashThreads[i] = add(names, workers, "hashQ" + i, 1);
            }
        }
        dedupeThread = add(names, workers, "dedupeQ", 1);
        ackThread = config.ack() > 0 ? add(names, workers, "ackQ", config.ack()) : CURRENT_THREAD;
        cpuThread = add(names, workers, "cpuQ", config.cpu());
        bioThreads = new int[config.bio()];
        for (int i = 0; i < bioThreads.length; i++) {
            bioThreads[i] = add(names, workers, "bioQ" + i, 1);
        }
        rotors = new int[names.size()];
        queues = new WorkQueue[names.size()][];
        if (execution == Execution.THREADS) {
            for (int id = 0; id < names.size(); id++) {
                int n = workers.get(id);
                queues[id] = new WorkQueue[n];
                for (int w = 0; w < n; w++) {
                    String name = n == 1 ? names.get(id) : names.get(id) + w; // vdo_make_work_queue's names
                    queues[id][w] = new WorkQueue(threadNamePrefix, name, id, this);
                    all.add(queues[id][w]);
                }
            }
            all.forEach(WorkQueue::start);
            inline = null;
        } else {
            inline = ThreadLocal.withInitial(InlineQueue::new);
        }
    }

    private static int add(List<String> names, List<Integer> workers, String name, int count) {
        names.add(name);
        workers.add(count);
        return names.size() - 1;
    }

    // Inline, every step runs on the caller whatever its thread id: the zone lookups answer 0.

    int logicalThread(int zone) {
        return execution == Execution.INLINE ? 0 : logicalThreads[zone];
    }

    int physicalThread(int zone) {
        return execution == Execution.INLINE ? 0 : physicalThreads[zone];
    }

    int hashThread(int zone) {
        return execution == Execution.INLINE ? 0 : hashThreads[zone];
    }

    /** {@code vdo_get_bio_zone} rotation: {@code bioRotationInterval} consecutive PBNs per bio thread. */
    int bioThread(long pbn) {
        return execution == Execution.INLINE ? 0
                : bioThreads[(int) ((pbn / config.bioRotationInterval()) % bioThreads.length)];
    }

    /** Sets the data_vio's callback and launches it for {@code threadId}. */
    void launch(DataVio dv, VdoAction callback, int threadId) {
        dv.callback = callback;
        launch(dv, threadId);
    }

    /** Like {@link #launch(DataVio, VdoAction, int)}, but always through a queue (dm-vdo's requeue). */
    void requeue(DataVio dv, VdoAction callback, int threadId) {
        dv.callback = callback;
        if (execution == Execution.INLINE) {
            inline.get().add(dv);
        } else {
            enqueue(dv, threadId);
        }
    }

    /** {@code vdo_launch_completion}: runs it now when already on that thread, else queues it there. */
    void launch(VdoCompletion c, int threadId) {
        if (execution == Execution.INLINE || threadId == CURRENT_THREAD || currentThreadId() == threadId) {
            c.runCompletion();
        } else {
            enqueue(c, threadId);
        }
    }

    private void enqueue(VdoCompletion c, int threadId) {
        WorkQueue[] q = queues[threadId];
        if (q.length == 1) {
            q[0].enqueue(c);
        } else {
            // the round-robin queue's rotor (per CPU in dm-vdo); a lost update only skews the spread
            int r = rotors[threadId]++;
            q[Math.floorMod(r, q.length)].enqueue(c);
        }
    }

    private int currentThreadId() {
        return Thread.currentThread() instanceof VdoThread t && t.owner == this ? t.vdoThreadId : Integer.MIN_VALUE;
    }

    void fail(Throwable t) {
        failures.accept(t);
    }

    /** INLINE: runs what this thread requeued until nothing is left. */
    void drainInline() {
        if (execution == Execution.INLINE) {
            inline.get().drain();
        }
    }

    /**
     * Test hook: returns once no queue holds or runs a completion and none was queued while
     * looking (two passes see the same counts), i.e. every data_vio has finished, waits for a
     * lock, or waits in the packer.
     */
    void awaitQuiescent() {
        long before = -1;
        while (true) {
            long total = 0;
            for (WorkQueue q : all) {
                long c = q.quietCount();
                if (c < 0) {
                    total = -1;
                    break;
                }
                total += c;
            }
            if (total >= 0 && total == before) {
                return;
            }
            before = total;
            LockSupport.parkNanos(50_000);
        }
    }

    List<ThreadStatistics> statistics() {
        List<ThreadStatistics> s = new ArrayList<>(all.size());
        for (WorkQueue q : all) {
            s.add(q.statistics());
        }
        return s;
    }

    /** Starts a new queue-depth peak on every queue ({@link ThreadWindow}). */
    void markPeaks() {
        all.forEach(WorkQueue::markPeak);
    }

    /** Java thread ids of the workers (test hook: allocation is measured on them too). */
    long[] workerIds() {
        return all.stream().mapToLong(WorkQueue::workerId).toArray();
    }

    /** Runs what is queued, then ends every worker. */
    void stop() {
        for (WorkQueue q : all) {
            q.stop();
        }
    }

    /** The calling thread's queue of requeued completions in {@link Execution#INLINE}. */
    private static final class InlineQueue {
        private VdoCompletion head;
        private VdoCompletion tail;

        void add(VdoCompletion c) {
            if (tail == null) {
                head = c;
            } else {
                tail.setNextCompletion(c);
            }
            tail = c;
        }

        void drain() {
            VdoCompletion c;
            while ((c = head) != null) {
                head = c.nextCompletion();
                if (head == null) {
                    tail = null;
                }
                c.setNextCompletion(null);
                c.runCompletion();
            }
        }
    }
}
