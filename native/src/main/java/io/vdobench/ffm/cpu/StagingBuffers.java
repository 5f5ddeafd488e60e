package io.vdobench.ffm.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native input/output buffers owned by one pooled stream state, for libraries whose API keeps the
 * data pointers inside a struct ({@code isal_zstream.next_in}, {@code z_stream.next_out}, ...).
 *
 * <p>Why copy: {@code Linker.Option.critical(true)} pins a heap array only for the duration of the
 * call that receives it as an argument; an address stored into a struct would dangle as soon as
 * the GC moves the array. With no C code of our own to take the pointers as arguments, staging
 * through native memory is the only sound route. The cost is one {@code memcpy} of the input and one
 * of the output per call (see native/bench for a memcpy baseline).
 *
 * <p>Buffers grow to the largest size seen and are then reused: no allocation in steady state.
 * Not thread-safe; its owner (a pooled state) is used by one thread at a time.
 */
final class StagingBuffers implements AutoCloseable {
    /** Never handed to the library: room for writers that store a few bytes past their limit. */
    static final int SLACK = 64;
    private static final int ALIGN = 64;

    private Arena arena;
    private MemorySegment in;
    private MemorySegment out;

    StagingBuffers(int initialIn, int initialOut) {
        this.arena = Arena.ofShared();
        this.in = arena.allocate(initialIn + SLACK, ALIGN);
        this.out = arena.allocate(initialOut + SLACK, ALIGN);
    }

    /**
     * Makes room for {@code inLen} input and {@code outLen} output bytes. Call before {@link #in()} and
     * {@link #out()}: growing replaces both buffers (their contents are not kept).
     */
    void ensure(int inLen, int outLen) {
        if (in.byteSize() < (long) inLen + SLACK || out.byteSize() < (long) outLen + SLACK) {
            // Rare (only when a larger block than ever before arrives): swap in a fresh arena.
            Arena next = Arena.ofShared();
            MemorySegment newIn = next.allocate(Math.max((long) inLen + SLACK, in.byteSize()), ALIGN);
            MemorySegment newOut = next.allocate(Math.max((long) outLen + SLACK, out.byteSize()), ALIGN);
            arena.close();
            arena = next;
            in = newIn;
            out = newOut;
        }
    }

    MemorySegment in() {
        return in;
    }

    MemorySegment out() {
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }
}
