package io.vdobench.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A pool of per-call codec state (a QPL job, an LZ4 hash table, a zlib stream): at most as many
 * states exist as threads ever used the codec at once, each created once and reused.
 *
 * <p>Why not a {@code ThreadLocal}: a pool bounds native memory by peak concurrency rather than by
 * the number of threads that ever touched the codec, and {@link #close} can free every state.
 * Acquire/release allocate nothing (a fixed array stack under a short lock).
 */
public final class StatePool<T> implements AutoCloseable {
    private final String owner;
    private final Supplier<T> factory;
    private final Consumer<T> destroyer;
    private final List<T> all = new ArrayList<>();
    private Object[] idle = new Object[8];
    private int idleCount;
    private boolean closed;

    /**
     * @param owner     codec id, for error messages
     * @param factory   creates one state (may throw {@link CodecException})
     * @param destroyer frees one state
     */
    public StatePool(String owner, Supplier<T> factory, Consumer<T> destroyer) {
        this.owner = owner;
        this.factory = factory;
        this.destroyer = destroyer;
    }

    /** Takes an idle state, or creates one. Pair with {@link #release} in a finally block. */
    @SuppressWarnings("unchecked")
    public T acquire() {
        synchronized (this) {
            if (closed) {
                throw new CodecUnavailableException(owner + " is closed");
            }
            if (idleCount > 0) {
                T t = (T) idle[--idleCount];
                idle[idleCount] = null;
                return t;
            }
        }
        T created = factory.get();
        synchronized (this) {
            if (closed) {
                destroyer.accept(created);
                throw new CodecUnavailableException(owner + " is closed");
            }
            all.add(created);
        }
        return created;
    }

    /** Returns a state taken by {@link #acquire}. */
    public void release(T state) {
        synchronized (this) {
            if (!closed) {
                if (idleCount == idle.length) {
                    idle = java.util.Arrays.copyOf(idle, idle.length * 2);
                }
                idle[idleCount++] = state;
                return;
            }
        }
        // The pool closed while the state was out: nobody else owns it now.
        destroyer.accept(state);
        synchronized (this) {
            all.remove(state);
        }
    }

    /** Number of states created so far (bounded by peak concurrency). */
    public synchronized int created() {
        return all.size();
    }

    /**
     * Frees every idle state; states still out are freed by their {@link #release}.
     * Callers must not close while calls are in flight if the destroyer frees memory those calls use:
     * in-flight states are exactly those not idle, and those are never destroyed here.
     */
    @Override
    public void close() {
        List<Object> toFree = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < idleCount; i++) {
                toFree.add(idle[i]);
                all.remove(idle[i]);
                idle[i] = null;
            }
            idleCount = 0;
        }
        for (Object o : toFree) {
            @SuppressWarnings("unchecked")
            T t = (T) o;
            destroyer.accept(t);
        }
    }
}
