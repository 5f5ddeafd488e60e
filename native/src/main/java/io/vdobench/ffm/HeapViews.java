package io.vdobench.ffm;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Per-thread cache of heap segments for critical downcalls: {@code (array, offset)} maps to
 * {@code MemorySegment.ofArray(array).asSlice(offset)}, a view from {@code offset} to the end of the
 * array, created once and then reused.
 *
 * <p>Why: a segment created per call is scalar-replaced only when C2 inlines the whole call, down to
 * the downcall stub, into one compilation unit. In a tight loop it sometimes is; in the VDO
 * pipeline's deeper call chain it usually is not (JMH {@code -prof gc} on Temurin 25:
 * {@code WritePathCostBench.writeBlock} allocated 144 or 224 B per block, depending on the run), and
 * the interpreter and C1 never do it. Passing segments that already exist makes zero allocation
 * independent of the JIT.
 *
 * <p>Why a view may run to the end of the array: the C functions this serves ({@code LZ4_*},
 * {@code libdeflate_*}) take the data pointer and its size as separate arguments and touch no byte
 * outside {@code [ptr, ptr + size)}. The linker passes only the address; the segment's length never
 * reaches C. So safety rests, exactly as with an exact-length slice, on the caller checking
 * {@code offset + size <= array.length} (e.g. {@code Objects.checkFromIndexSize}) before the call
 * and passing that {@code size} to C. A view is therefore keyed by array identity and offset alone.
 *
 * <p>Layout: a linear-probing identity table of arrays, each with a linear-probing table of views by
 * offset. Offsets are not bounded by a few ways because the VDO read path decompresses fragments at
 * {@code 36 + sum of earlier fragment sizes} of a per-thread scratch block: any of ~4 K offsets, and
 * a set-associative table would keep missing on them; a per-array table converges once every offset
 * in use has been seen. A hit costs {@code ThreadLocal.get} (once per codec call), a compare with the
 * two arrays looked up last (else an identity hash and a probe) and a short probe by offset; a miss
 * allocates the view (and, rarely, grows a table).
 *
 * <p>Memory: the cache holds strong references to the arrays it has seen, bounded per thread by
 * {@link #MAX_RETAINED_BYTES} of arrays, {@link #MAX_ARRAYS} arrays and {@link #MAX_VIEWS} views.
 * Reaching any bound drops the whole cache (it then refills from the current working set); arrays
 * longer than {@link #MAX_ARRAY_LENGTH} are never cached and get a fresh view per call. A workload
 * that passes a fresh array on every call therefore keeps at most that much garbage alive per thread;
 * the pipeline's arrays (data_vio buffers, scratch blocks) live as long as the volume anyway.
 * One cache per thread (a plain {@code ThreadLocal}): no locking, and it dies with its thread (a
 * short-lived virtual thread pays for a new, small cache on its first codec call).
 *
 * <p>Not thread-safe: use the instance {@link #local()} returns on the calling thread only.
 */
public final class HeapViews {
    /** Total length of the arrays one thread's cache may keep reachable. */
    public static final long MAX_RETAINED_BYTES = 32L << 20;
    /** Longer arrays are not cached: a fresh view per call, as without this class. */
    public static final int MAX_ARRAY_LENGTH = 16 << 20;
    /** Distinct arrays per thread: 2 per data_vio (data, compressed block), and a volume has up to 2048 data_vios. */
    public static final int MAX_ARRAYS = 8192;
    /** Views per thread (the VDO read path alone can use ~4 K offsets of its scratch block). */
    public static final int MAX_VIEWS = 16384;

    private static final ThreadLocal<HeapViews> LOCAL = ThreadLocal.withInitial(HeapViews::new);
    private static final int INITIAL_ARRAY_SLOTS = 64;
    private static final int INITIAL_OFFSET_SLOTS = 4;

    private final long maxRetainedBytes;
    private final int maxArrayLength;
    private final int maxArrays;
    private final int maxViews;

    /** Identity table: {@code arrays[i]} owns {@code tables[i]}; null means empty. Power-of-two length. */
    private byte[][] arrays;
    private OffsetViews[] tables;
    private int arrayCount;
    private long retainedBytes;
    private int viewCount;
    /**
     * The two arrays looked up last (a codec call's source and destination) and their tables: most
     * calls skip the identity hash. Both belong to the tables above (cleared with them).
     */
    private byte[] recent0;
    private byte[] recent1;
    private OffsetViews recentTable0;
    private OffsetViews recentTable1;

    private long hits;
    private long misses;
    private long resets;

    HeapViews() {
        this(MAX_RETAINED_BYTES, MAX_ARRAY_LENGTH, MAX_ARRAYS, MAX_VIEWS);
    }

    /** For tests: small bounds, to exercise the resets. */
    HeapViews(long maxRetainedBytes, int maxArrayLength, int maxArrays, int maxViews) {
        if (maxArrayLength > maxRetainedBytes || maxArrays < 1 || maxViews < 1) {
            throw new IllegalArgumentException("bounds: an array of maxArrayLength and one view must fit");
        }
        this.maxRetainedBytes = maxRetainedBytes;
        this.maxArrayLength = maxArrayLength;
        this.maxArrays = maxArrays;
        this.maxViews = maxViews;
        clear();
    }

    /** The calling thread's cache. */
    public static HeapViews local() {
        return LOCAL.get();
    }

    /**
     * A segment over {@code array} starting at {@code offset} and running to the end of the array
     * (empty when {@code offset == array.length}).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= offset <= array.length}
     */
    public MemorySegment at(byte[] array, int offset) {
        Objects.checkIndex(offset, array.length + 1);
        if (array.length > maxArrayLength) {
            misses++;
            return MemorySegment.ofArray(array).asSlice(offset);
        }
        OffsetViews t;
        if (array == recent0) {
            t = recentTable0;
        } else if (array == recent1) {
            t = recentTable1;
        } else {
            t = tableOf(array);
            recent1 = recent0;
            recentTable1 = recentTable0;
            recent0 = array;
            recentTable0 = t;
        }
        MemorySegment v = t.find(offset);
        if (v != null) {
            hits++;
            return v;
        }
        misses++;
        if (viewCount == maxViews) {
            reset();
            t = tableOf(array);
        }
        v = MemorySegment.ofArray(array).asSlice(offset);
        t.put(v);
        viewCount++;
        return v;
    }

    /** Lookups answered from the cache, on this thread, since it was created. */
    public long hits() {
        return hits;
    }

    /** Lookups that created a view (or passed an over-long array), on this thread. */
    public long misses() {
        return misses;
    }

    /** Times a bound was reached and the whole cache dropped, on this thread. */
    public long resets() {
        return resets;
    }

    /** Views currently cached. */
    public int size() {
        return viewCount;
    }

    /** The offset table of {@code array}, created (and the array retained) when new. */
    private OffsetViews tableOf(byte[] array) {
        int mask = arrays.length - 1;
        int i = spread(System.identityHashCode(array)) & mask;
        for (byte[] a; (a = arrays[i]) != null; i = (i + 1) & mask) {
            if (a == array) {
                return tables[i];
            }
        }
        if (arrayCount == maxArrays || retainedBytes + array.length > maxRetainedBytes) {
            reset();
            return tableOf(array); // fits now: the table is empty and array.length <= maxArrayLength
        }
        if (2 * (arrayCount + 1) > arrays.length) {
            growArrays();
            return tableOf(array);
        }
        OffsetViews t = new OffsetViews();
        arrays[i] = array;
        tables[i] = t;
        arrayCount++;
        retainedBytes += array.length;
        return t;
    }

    private void growArrays() {
        byte[][] oldArrays = arrays;
        OffsetViews[] oldTables = tables;
        arrays = new byte[oldArrays.length * 2][];
        tables = new OffsetViews[oldArrays.length * 2];
        int mask = arrays.length - 1;
        for (int j = 0; j < oldArrays.length; j++) {
            byte[] a = oldArrays[j];
            if (a != null) {
                int i = spread(System.identityHashCode(a)) & mask;
                while (arrays[i] != null) {
                    i = (i + 1) & mask;
                }
                arrays[i] = a;
                tables[i] = oldTables[j];
            }
        }
    }

    private void reset() {
        clear();
        resets++;
    }

    private void clear() {
        arrays = new byte[INITIAL_ARRAY_SLOTS][];
        tables = new OffsetViews[INITIAL_ARRAY_SLOTS];
        recent0 = null;
        recent1 = null;
        recentTable0 = null;
        recentTable1 = null;
        arrayCount = 0;
        retainedBytes = 0;
        viewCount = 0;
    }

    /** Fibonacci hashing: identity hashes and small offsets both spread over the high bits. */
    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /**
     * Views of one array by offset: linear probing, load at most 1/2, null means empty. The key is the
     * view's own {@code address()} (a heap segment's address is its byte offset in the array): one
     * array of references, and the probe touches only the view the downcall is about to read anyway.
     */
    private static final class OffsetViews {
        private MemorySegment[] views = new MemorySegment[INITIAL_OFFSET_SLOTS];
        private int size;

        MemorySegment find(int offset) {
            MemorySegment[] vs = views;
            int mask = vs.length - 1;
            for (int i = spread(offset) & mask; ; i = (i + 1) & mask) {
                MemorySegment v = vs[i];
                if (v == null || v.address() == offset) {
                    return v;
                }
            }
        }

        /** Adds a view for an offset not present. */
        void put(MemorySegment view) {
            if (2 * (size + 1) > views.length) {
                MemorySegment[] old = views;
                views = new MemorySegment[old.length * 2];
                for (MemorySegment v : old) {
                    if (v != null) {
                        insert(views, v);
                    }
                }
            }
            insert(views, view);
            size++;
        }

        private static void insert(MemorySegment[] views, MemorySegment view) {
            int mask = views.length - 1;
            int i = spread((int) view.address()) & mask;
            while (views[i] != null) {
                i = (i + 1) & mask;
            }
            views[i] = view;
        }
    }
}
