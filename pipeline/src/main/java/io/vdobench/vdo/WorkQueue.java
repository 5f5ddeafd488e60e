package io.vdobench.vdo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One of dm-vdo's simple work queues ({@code funnel-workqueue.c}): a FIFO of completions and the
 * one thread that runs them, sleeping while the queue is empty. Priorities are left out: every
 * completion of the model runs at its queue's one priority.
 *
 * <p>The queue also keeps what {@code top} would show for the thread (busy time, completions run)
 * and its depth (now, at most, and as arrivals find it). The worker writes the busy time and the
 * count; everything else is guarded by this object's monitor.
 */
final class WorkQueue {
    private final String name;
    private final VdoThreads owner;
    private final VdoThread worker;
    private VdoCompletion head;
    private VdoCompletion tail;
    private int depth;
    private int maxDepth;
    /** The largest depth since {@link #markPeak()}: the measured part of a run ({@link ThreadWindow}). */
    private int peakDepth;
    private long enqueued;
    private long depthSum;
    /** The worker waits for work; an enqueue wakes it. */
    private boolean idle;
    private boolean stopping;
    private final long started = System.nanoTime();
    private volatile long busyNanos;
    /** When the current busy stretch began, or -1 while the worker sleeps. */
    private volatile long busySince = -1;
    private volatile long completions;

    WorkQueue(String threadNamePrefix, String name, int threadId, VdoThreads owner) {
        this.name = name;
        this.owner = owner;
        this.worker = new VdoThread(owner, threadId, threadNamePrefix + ":" + name, this);
    }

    void start() {
        worker.start();
    }

    String name() {
        return name;
    }

    long workerId() {
        return worker.threadId();
    }

    /** {@code enqueue_work_queue_completion}: appends, and wakes the worker if it sleeps. */
    void enqueue(VdoCompletion c) {
        synchronized (this) {
            if (tail == null) {
                head = c;
            } else {
                tail.setNextCompletion(c);
            }
            tail = c;
            depth++;
            if (depth > maxDepth) {
                maxDepth = depth;
            }
            if (depth > peakDepth) {
                peakDepth = depth;
            }
            enqueued++;
            depthSum += depth;
            if (idle) {
                idle = false;
                notify();
            }
        }
    }

    /** {@code service_work_queue}: runs completions until stopped and empty. */
    void service() {
        busySince = System.nanoTime();
        while (true) {
            VdoCompletion c;
            synchronized (this) {
                if (head == null) {
                    busyNanos += System.nanoTime() - busySince;
                    busySince = -1;
                    while (head == null) {
                        if (stopping) {
                            return;
                        }
                        idle = true;
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            // only stop() ends the worker, after the queue is empty
                        }
                    }
                    idle = false;
                    busySince = System.nanoTime();
                }
                c = head;
                head = c.nextCompletion();
                if (head == null) {
                    tail = null;
                }
                c.setNextCompletion(null);
                depth--;
            }
            try {
                c.runCompletion();
            } catch (RuntimeException | Error e) {
                owner.fail(e); // a failed error handler: a bug, reported at the next flush
            }
            completions++;
        }
    }

    /** Finishes the queued completions, then ends the worker and waits for it. */
    void stop() {
        synchronized (this) {
            stopping = true;
            notify();
        }
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completions ever enqueued, or -1 while the worker is busy or has work: see {@link VdoThreads#awaitQuiescent()}. */
    synchronized long quietCount() {
        return head == null && idle ? enqueued : -1;
    }

    synchronized ThreadStatistics statistics() {
        long now = System.nanoTime();
        long since = busySince;
        long busy = Math.min(now - started, busyNanos + (since < 0 ? 0 : now - since));
        return new ThreadStatistics(name, busy, now - started, completions, depth, maxDepth,
                enqueued == 0 ? 0 : (double) depthSum / enqueued, enqueued, depthSum, peakDepth, cpuNanos());
    }

    /** The worker's CPU time (what {@code top} counts: not the time it waited for a core), or -1 when unknown. */
    private long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled() ? mx.getThreadCpuTime(worker.threadId()) : -1;
    }

    /** Starts a new peak: the largest depth from now on is {@link ThreadStatistics#peakQueueDepth()}. */
    synchronized void markPeak() {
        peakDepth = depth;
    }
}
