package io.vdobench.ffm.qpl;

import static io.vdobench.ffm.qpl.QplJobLayout.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One initialised {@code qpl_job} plus the native input/output buffers its pointers refer to.
 * Owned by one thread at a time (through the codec's StatePool), so it needs no locking; its
 * memory lives in its own shared arena (shared because the pool hands a job to whichever thread
 * asks next), freed by {@link #close}.
 *
 * <p>Why staging buffers: {@code next_in_ptr}/{@code next_out_ptr} are stored inside the job, and a
 * heap array's address can only be lent to a single downcall argument, never written into native
 * memory. The copies are cheap next to the job: 0.07 µs for 4 KiB in plus 2 KiB out (a Java timing
 * loop on this machine) against at least 6-7 µs for the fastest 4 KiB software compress. The other
 * way, a C helper taking the heap arrays as critical downcall arguments and filling the job itself,
 * would be native code of our own for under 1 %.
 */
final class QplJob implements AutoCloseable {
    /** Initial staging size: the largest block the benches use (128 KiB); grows when needed. */
    static final int INITIAL_BUFFER = 128 * 1024;
    private static final int PAGE = 4096;

    /**
     * How a job's staging buffers are allocated. Hardware jobs get theirs once, large enough for a 128 KiB block
     * plus the compress headroom (so VDO's and the benches' blocks never reallocate), and pre-touched: IAA reaches
     * them through the IOMMU (SVM), where a page the CPU has not faulted in costs an IOMMU page fault, about 9 µs
     * against a 3.2 µs job (anchors-2026-12 §1, §6). The arena zeroes new memory today, but a {@code calloc}-style
     * allocator would not touch it, so the touch is explicit.
     */
    enum Buffers {
        GROWING(INITIAL_BUFFER, false),
        PRETOUCHED(2 * INITIAL_BUFFER, true);

        final int initial;
        final boolean pretouch;

        Buffers(int initial, boolean pretouch) {
            this.initial = initial;
            this.pretouch = pretouch;
        }

        static Buffers forPath(QplPath path) {
            return path == QplPath.HARDWARE ? PRETOUCHED : GROWING;
        }
    }

    private final QplLibrary lib;
    private final QplPath path;
    private final Arena arena;
    private final MemorySegment job;
    private Arena bufferArena;
    private MemorySegment in;
    private MemorySegment out;
    private MemorySegment scratch;
    private MemorySegment inflateState;
    private Inflater inflater;
    private byte[] inflated;
    private boolean initialised;
    private final Buffers buffers;
    private int allocations;

    /**
     * Allocates and initialises a job on {@code path} (HARDWARE or SOFTWARE).
     *
     * @throws QplException with the init status when libqpl refuses (e.g. no IAA for HARDWARE)
     */
    QplJob(QplLibrary lib, QplPath path) {
        this(lib, path, Buffers.forPath(path));
    }

    /** @param buffers the allocation policy (tests give a software job the hardware one) */
    QplJob(QplLibrary lib, QplPath path, Buffers buffers) {
        if (path == QplPath.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before creating jobs");
        }
        this.lib = lib;
        this.path = path;
        this.buffers = buffers;
        int size = lib.jobSize(path);
        this.arena = Arena.ofShared();
        try {
            this.job = arena.allocate(Math.max(size, JOB.byteSize()), 64);
            int st = lib.initJob(path, job);
            if (st != 0) {
                throw new QplException("qpl_init_job(" + path.label() + ")", st);
            }
            initialised = true;
            this.inflateState = QplStreamEnd.stateOf(job);
            allocate(buffers.initial);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    MemorySegment in(int atLeast) {
        ensure(atLeast);
        return in;
    }

    MemorySegment out(int atLeast) {
        ensure(atLeast);
        return out;
    }

    /** A third buffer, for the codec's own verification pass. */
    MemorySegment scratch(int atLeast) {
        ensure(atLeast);
        return scratch;
    }

    /** Grows all staging buffers to at least {@code n} bytes; existing contents are not kept. */
    private void ensure(int n) {
        if (n <= in.byteSize()) {
            return;
        }
        allocate(Math.max(Long.highestOneBit(Math.max(n, 1) - 1L) << 1, buffers.initial));
    }

    private void allocate(long size) {
        Arena fresh = Arena.ofShared();
        MemorySegment newIn = fresh.allocate(size, 64);
        MemorySegment newOut = fresh.allocate(size, 64);
        MemorySegment newScratch = fresh.allocate(size, 64);
        if (buffers.pretouch) {
            for (MemorySegment seg : new MemorySegment[] {newIn, newOut, newScratch}) {
                for (long o = 0; o < size; o += PAGE) {
                    seg.set(JAVA_BYTE, o, (byte) 0);
                }
            }
        }
        if (bufferArena != null) {
            bufferArena.close();
        }
        bufferArena = fresh;
        in = newIn;
        out = newOut;
        scratch = newScratch;
        allocations++;
    }

    /** How many times the staging buffers were allocated (1 unless a block outgrew them); for tests. */
    int allocations() {
        return allocations;
    }

    /**
     * Re-runs {@code qpl_init_job} on this job's memory: throws away every bit of state the previous
     * job left (notably the software compressor's match history), so the next compress depends on its
     * input alone.
     */
    void reinit() {
        int st = lib.initJob(path, job);
        if (st != 0) {
            throw new QplException("qpl_init_job(" + path.label() + ") re-initialisation", st);
        }
        inflateState = QplStreamEnd.stateOf(job);
    }

    /** Fills in a whole-stream job from {@code in} to {@code out} and executes it; returns the status. */
    int run(int op, int flags, int level, int inLen, int outCapacity) {
        return run(op, flags, level, in, inLen, out, outCapacity);
    }

    /** Like {@link #run(int, int, int, int, int)} between any two native buffers (this job's, or the probe's). */
    int run(int op, int flags, int level, MemorySegment from, int inLen, MemorySegment to, int outCapacity) {
        fill(op, flags, level, from, inLen, to, outCapacity);
        return lib.executeJob(job);
    }

    /** Fills the job like {@link #run} and submits it without waiting ({@code qpl_submit_job}); the probe's. */
    int submit(int op, int flags, int level, MemorySegment from, int inLen, MemorySegment to, int outCapacity) {
        fill(op, flags, level, from, inLen, to, outCapacity);
        return lib.submitJob(job);
    }

    /** {@code qpl_check_job}: {@code QPL_STS_BEING_PROCESSED} while a submitted job runs, then its status. */
    int check() {
        return lib.checkJob(job);
    }

    private void fill(int op, int flags, int level, MemorySegment from, int inLen, MemorySegment to, int outCapacity) {
        MemorySegment j = job;
        j.set(ADDRESS, NEXT_IN_PTR, from);
        j.set(JAVA_INT, AVAILABLE_IN, inLen);
        j.set(JAVA_INT, TOTAL_IN, 0);
        j.set(ADDRESS, NEXT_OUT_PTR, to);
        j.set(JAVA_INT, AVAILABLE_OUT, outCapacity);
        j.set(JAVA_INT, TOTAL_OUT, 0);
        j.set(JAVA_INT, OP, op);
        j.set(JAVA_INT, FLAGS, flags);
        j.set(JAVA_INT, LEVEL, level);
        j.set(JAVA_INT, STATISTICS_MODE, QPL_COMPRESSION_MODE);
        // No user Huffman table (that would be canned/static mode), no dictionary, no indexing.
        j.set(ADDRESS, HUFFMAN_TABLE, MemorySegment.NULL);
        j.set(ADDRESS, DICTIONARY, MemorySegment.NULL);
        j.set(JAVA_INT, MINI_BLOCK_SIZE, QPL_MBLK_SIZE_NONE);
        // Decompress: stop at the final block's end-of-block code, and fail if it never comes.
        j.set(JAVA_BYTE, DECOMP_END_PROCESSING, (byte) QPL_STOP_AND_CHECK_FOR_BFINAL_EOB);
        j.set(JAVA_BYTE, IGNORE_START_BITS, (byte) 0);
        j.set(JAVA_BYTE, IGNORE_END_BITS, (byte) 0);
    }

    int totalIn() {
        return job.get(JAVA_INT, TOTAL_IN);
    }

    int totalOut() {
        return job.get(JAVA_INT, TOTAL_OUT);
    }

    int availableIn() {
        return job.get(JAVA_INT, AVAILABLE_IN);
    }

    /** The job's own memory (the {@code qpl_job} struct and libqpl's state after it). */
    MemorySegment segment() {
        return job;
    }

    /**
     * The ISA-L inflate state inside this job's memory (see {@link QplStreamEnd}), or {@code null} when
     * libqpl's {@code middle_layer_buffer_ptr} does not point inside the job.
     */
    MemorySegment inflateState() {
        return inflateState;
    }

    /**
     * The exact end check by zlib, for when libqpl's inflate state cannot be used: {@code null} when
     * {@code src} is one complete raw DEFLATE stream, with nothing after it, that decodes to exactly
     * {@code expectedLength} bytes; else why not. A full second decode, so only a fallback.
     */
    String zlibEndCheck(byte[] src, int srcOff, int srcLen, int expectedLength) {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        if (inflated == null || inflated.length < expectedLength + 1) {
            inflated = new byte[expectedLength + 1];
        }
        Inflater z = inflater;
        z.reset();
        z.setInput(src, srcOff, srcLen);
        int n = 0;
        try {
            while (n <= expectedLength && !z.finished()) {
                int k = z.inflate(inflated, n, expectedLength + 1 - n);
                if (k == 0) {
                    break; // needs input (truncated) or a dictionary: no progress possible
                }
                n += k;
            }
        } catch (DataFormatException e) {
            return "zlib: " + e.getMessage();
        }
        if (!z.finished()) {
            return n > expectedLength ? "zlib: stream decodes to more than " + expectedLength + " bytes"
                    : "zlib: stream is truncated (no final end-of-block code)";
        }
        if (n != expectedLength) {
            return "zlib: stream decodes to " + n + " bytes, expected " + expectedLength;
        }
        if (z.getRemaining() != 0) {
            return "zlib: " + z.getRemaining() + " trailing bytes after the stream";
        }
        return null;
    }

    QplPath path() {
        return path;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        if (initialised) {
            initialised = false;
            lib.finiJob(job);
        }
        if (bufferArena != null) {
            bufferArena.close();
        }
        arena.close();
    }
}
