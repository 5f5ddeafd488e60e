package io.vdobench.ffm.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A raw-DEFLATE decoder that, like IAA, refuses any match distance beyond 4 KiB.
 *
 * <p>Why not simply {@code inflateInit2_(-12)} in one call: zlib checks a distance against its window
 * <em>plus everything already written to the current output buffer</em>, so a one-shot inflate into a
 * 64 KiB buffer accepts distances up to 64 KiB whatever the window. Giving it one output byte per call
 * leaves only the 4 KiB window as history, and zlib then reports "invalid distance too far back" for
 * anything beyond 4096.
 */
final class Window4kInflater {
    private Window4kInflater() {
    }

    /** Decodes {@code frag}; returns the output, or throws with zlib's message. */
    static byte[] inflate(byte[] frag, int expected) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment z = arena.allocate(ZlibLib.Z_STREAM);
            MemorySegment in = arena.allocate(Math.max(1, frag.length));
            MemorySegment out = arena.allocate(expected + 1L);
            MemorySegment.copy(frag, 0, in, JAVA_BYTE, 0, frag.length);
            int rc = (int) ZlibLib.INFLATE_INIT2.invokeExact(z, -12, ZlibLib.VERSION_PTR, (int) ZlibLib.Z_STREAM.byteSize());
            if (rc != ZlibLib.Z_OK) {
                throw new IllegalStateException("inflateInit2_(-12): " + ZlibLib.codeName(rc));
            }
            try {
                z.set(ADDRESS, ZlibLib.NEXT_IN, in);
                z.set(JAVA_INT, ZlibLib.AVAIL_IN, frag.length);
                int produced = 0;
                while (true) {
                    z.set(ADDRESS, ZlibLib.NEXT_OUT, out.asSlice(produced));
                    z.set(JAVA_INT, ZlibLib.AVAIL_OUT, 1);
                    rc = (int) ZlibLib.INFLATE.invokeExact(z, 0 /* Z_NO_FLUSH */);
                    produced += 1 - z.get(JAVA_INT, ZlibLib.AVAIL_OUT);
                    if (rc == ZlibLib.Z_STREAM_END) {
                        break;
                    }
                    if (rc != ZlibLib.Z_OK || produced > expected) {
                        MemorySegment msg = z.get(ADDRESS, ZlibLib.MSG);
                        throw new TooFarBack(ZlibLib.codeName(rc) + " after " + produced + " bytes"
                                + (msg.equals(MemorySegment.NULL) ? "" : ": " + Downcalls.cString(msg)));
                    }
                }
                if (produced != expected) {
                    throw new IllegalStateException("decoded " + produced + " bytes, expected " + expected);
                }
                return out.asSlice(0, expected).toArray(JAVA_BYTE);
            } finally {
                int ignored = (int) ZlibLib.INFLATE_END.invokeExact(z);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The stream needs more than a 4 KiB window (or is otherwise invalid). */
    static final class TooFarBack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooFarBack(String message) {
            super(message);
        }
    }
}
