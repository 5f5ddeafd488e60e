package io.vdobench.ffm.cpu;

import static io.vdobench.ffm.cpu.IsalLib.IS_AVAIL_IN;
import static io.vdobench.ffm.cpu.IsalLib.IS_AVAIL_OUT;
import static io.vdobench.ffm.cpu.IsalLib.IS_BLOCK_STATE;
import static io.vdobench.ffm.cpu.IsalLib.IS_CRC_FLAG;
import static io.vdobench.ffm.cpu.IsalLib.IS_HIST_BITS;
import static io.vdobench.ffm.cpu.IsalLib.IS_NEXT_IN;
import static io.vdobench.ffm.cpu.IsalLib.IS_NEXT_OUT;
import static io.vdobench.ffm.cpu.IsalLib.IS_READ_IN_LENGTH;
import static io.vdobench.ffm.cpu.IsalLib.IS_TOTAL_OUT;
import static io.vdobench.ffm.cpu.IsalLib.ZS_AVAIL_IN;
import static io.vdobench.ffm.cpu.IsalLib.ZS_AVAIL_OUT;
import static io.vdobench.ffm.cpu.IsalLib.ZS_END_OF_STREAM;
import static io.vdobench.ffm.cpu.IsalLib.ZS_FLUSH;
import static io.vdobench.ffm.cpu.IsalLib.ZS_GZIP_FLAG;
import static io.vdobench.ffm.cpu.IsalLib.ZS_HIST_BITS;
import static io.vdobench.ffm.cpu.IsalLib.ZS_LEVEL;
import static io.vdobench.ffm.cpu.IsalLib.ZS_LEVEL_BUF;
import static io.vdobench.ffm.cpu.IsalLib.ZS_LEVEL_BUF_SIZE;
import static io.vdobench.ffm.cpu.IsalLib.ZS_NEXT_IN;
import static io.vdobench.ffm.cpu.IsalLib.ZS_NEXT_OUT;
import static io.vdobench.ffm.cpu.IsalLib.ZS_STATE;
import static io.vdobench.ffm.cpu.IsalLib.ZS_TOTAL_OUT;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vdobench.codec.CodecFailureException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.codec.StatePool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Raw DEFLATE through ISA-L's igzip over FFM ({@code isal:level=N}, N in 0, 1, 3): stateful
 * {@code isal_deflate} with {@code gzip_flag = IGZIP_DEFLATE} (no wrapper), {@code end_of_stream = 1},
 * {@code flush = NO_FLUSH} (one final block per fragment; a FULL_FLUSH would only append an empty
 * stored block), the default 32 KiB history, and the header's suggested level buffer
 * ({@code ISAL_DEF_LVL1_DEFAULT}, {@code ISAL_DEF_LVL3_DEFAULT}; level 0 needs none).
 * Decompression is {@code isal_inflate} with {@code crc_flag = ISAL_DEFLATE} (raw, no checksum).
 *
 * <p>Data is staged through per-state native buffers ({@link StagingBuffers}): ISA-L keeps the data
 * pointers inside {@code isal_zstream}/{@code inflate_state}, where a pinned heap address would not
 * stay valid.
 *
 * <p>Thread-safe: one {@code isal_zstream} (~80 KiB + level buffer) and one {@code inflate_state}
 * (~85 KiB) per concurrently active thread, pooled; each call starts with
 * {@code isal_deflate_reset}/{@code isal_inflate_reset}, never a fresh init.
 */
public final class IsalCodec extends FfmCodecBase {
    /** Levels offered: ISA-L's 0 (static Huffman), 1 and 3 (dynamic Huffman; 2 is 3's alias upstream). */
    public static final int[] LEVELS = {0, 1, 3};
    private static final int ALIGN = 64; // igzip wants the stream's hash head cache-aligned
    private static final int MAX_DEFLATE_CALLS = 8;

    private final int level;
    private final int levelBufSize;
    private final StatePool<Stream> deflaters;
    private final StatePool<Stream> inflaters;

    /** One initialised {@code isal_zstream} or {@code inflate_state} and its staging buffers. */
    private record Stream(Arena arena, MemorySegment strm, StagingBuffers buf) {
    }

    public IsalCodec(int level) {
        this(level, IsalLib.STATUS);
    }

    IsalCodec(int level, LibraryStatus status) {
        super("isal", "level=" + level, CompressionAlgorithm.DEFLATE_CPU, status);
        this.levelBufSize = switch (level) {
            case 0 -> 0;
            case 1 -> IsalLib.ISAL_DEF_LVL1_DEFAULT;
            case 3 -> IsalLib.ISAL_DEF_LVL3_DEFAULT;
            default -> throw new IllegalArgumentException("isal level must be 0, 1 or 3, got " + level);
        };
        this.level = level;
        this.deflaters = new StatePool<>(info.id(), this::newDeflater, IsalCodec::free);
        this.inflaters = new StatePool<>(info.id(), IsalCodec::newInflater, IsalCodec::free);
    }

    public int level() {
        return level;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        checkAvailable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, dstCapacity, dst.length);
        Stream s = deflaters.acquire();
        try {
            s.buf().ensure(srcLen, dstCapacity);
            MemorySegment in = s.buf().in();
            MemorySegment out = s.buf().out();
            MemorySegment.copy(src, srcOff, in, JAVA_BYTE, 0, srcLen);
            MemorySegment z = s.strm();
            // Keeps level, level_buf, gzip_flag, hist_bits; clears totals, state and match history.
            IsalLib.DEFLATE_RESET.invokeExact(z);
            z.set(ADDRESS, ZS_NEXT_IN, in);
            z.set(JAVA_INT, ZS_AVAIL_IN, srcLen);
            z.set(ADDRESS, ZS_NEXT_OUT, out);
            z.set(JAVA_INT, ZS_AVAIL_OUT, dstCapacity);
            z.set(JAVA_SHORT, ZS_END_OF_STREAM, (short) 1);
            z.set(JAVA_SHORT, ZS_FLUSH, (short) IsalLib.NO_FLUSH);
            for (int call = 0; call < MAX_DEFLATE_CALLS; call++) {
                int rc = (int) IsalLib.DEFLATE.invokeExact(z);
                if (rc != IsalLib.COMP_OK) {
                    throw new CodecFailureException("isal_deflate: " + IsalLib.deflateCodeName(rc), rc);
                }
                if (z.get(JAVA_INT, ZS_STATE) == IsalLib.ZSTATE_END) {
                    int n = z.get(JAVA_INT, ZS_TOTAL_OUT);
                    if (n <= 0 || n > dstCapacity) {
                        throw new CodecFailureException("isal_deflate: total_out " + n + " outside 1.." + dstCapacity, 0);
                    }
                    MemorySegment.copy(out, JAVA_BYTE, 0, dst, dstOff, n);
                    return n;
                }
                if (z.get(JAVA_INT, ZS_AVAIL_OUT) == 0) {
                    return DOES_NOT_FIT; // output space ran out before the stream ended
                }
                // Output space left but not ended: igzip may still hold buffered input; call again.
            }
            throw new CodecFailureException("isal_deflate: stream did not end after " + MAX_DEFLATE_CALLS
                    + " calls with output space left", 0);
        } catch (Throwable t) {
            throw Downcalls.rethrow("libisal", t);
        } finally {
            deflaters.release(s);
        }
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        checkAvailable();
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, expectedLength, dst.length);
        Stream s = inflaters.acquire();
        try {
            s.buf().ensure(srcLen, expectedLength);
            MemorySegment in = s.buf().in();
            MemorySegment out = s.buf().out();
            MemorySegment.copy(src, srcOff, in, JAVA_BYTE, 0, srcLen);
            MemorySegment st = s.strm();
            IsalLib.INFLATE_RESET.invokeExact(st);
            st.set(JAVA_INT, IS_CRC_FLAG, IsalLib.ISAL_DEFLATE);
            st.set(JAVA_INT, IS_HIST_BITS, 0);
            st.set(ADDRESS, IS_NEXT_IN, in);
            st.set(JAVA_INT, IS_AVAIL_IN, srcLen);
            st.set(ADDRESS, IS_NEXT_OUT, out);
            st.set(JAVA_INT, IS_AVAIL_OUT, expectedLength);
            inflate(st);
            boolean finished = st.get(JAVA_INT, IS_BLOCK_STATE) == IsalLib.ISAL_BLOCK_FINISH;
            int produced = st.get(JAVA_INT, IS_TOTAL_OUT);
            if (!finished && produced == expectedLength) {
                // Output full, stream not ended: one byte into the staging slack (never into dst)
                // tells "decodes to more" from "ends right here".
                st.set(ADDRESS, IS_NEXT_OUT, out.asSlice(expectedLength));
                st.set(JAVA_INT, IS_AVAIL_OUT, 1);
                inflate(st);
                if (st.get(JAVA_INT, IS_TOTAL_OUT) > expectedLength) {
                    throw new CorruptFragmentException("isal: stream decodes to more than " + expectedLength + " bytes");
                }
                finished = st.get(JAVA_INT, IS_BLOCK_STATE) == IsalLib.ISAL_BLOCK_FINISH;
            }
            if (!finished) {
                throw new CorruptFragmentException("isal: stream is truncated (input ends after " + produced
                        + " of " + expectedLength + " bytes, no end of final block)");
            }
            if (produced != expectedLength) {
                throw new CorruptFragmentException("isal: stream ends after " + produced + " bytes, expected "
                        + expectedLength);
            }
            // igzip reads input 8 bytes at a time; whole bytes still buffered in read_in are unused input.
            int trailing = st.get(JAVA_INT, IS_AVAIL_IN) + st.get(JAVA_INT, IS_READ_IN_LENGTH) / 8;
            if (trailing != 0) {
                throw new CorruptFragmentException("isal: " + trailing + " trailing bytes after the stream");
            }
            MemorySegment.copy(out, JAVA_BYTE, 0, dst, dstOff, expectedLength);
        } catch (Throwable t) {
            throw Downcalls.rethrow("libisal", t);
        } finally {
            inflaters.release(s);
        }
    }

    private static void inflate(MemorySegment st) throws Throwable {
        int rc = (int) IsalLib.INFLATE.invokeExact(st);
        if (rc < 0 || rc == IsalLib.ISAL_NEED_DICT) {
            throw new CorruptFragmentException("isal: malformed stream: " + IsalLib.inflateCodeName(rc));
        }
        if (rc != IsalLib.ISAL_DECOMP_OK) {
            throw new CodecFailureException("isal_inflate: unexpected " + IsalLib.inflateCodeName(rc), rc);
        }
    }

    private Stream newDeflater() {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment z = arena.allocate(IsalLib.ISAL_ZSTREAM.byteSize(), ALIGN);
            IsalLib.DEFLATE_INIT.invokeExact(z);
            z.set(JAVA_INT, ZS_LEVEL, level);
            if (levelBufSize > 0) {
                z.set(ADDRESS, ZS_LEVEL_BUF, arena.allocate(levelBufSize, ALIGN));
                z.set(JAVA_INT, ZS_LEVEL_BUF_SIZE, levelBufSize);
            }
            z.set(JAVA_SHORT, ZS_GZIP_FLAG, (short) IsalLib.IGZIP_DEFLATE);
            z.set(JAVA_SHORT, ZS_HIST_BITS, (short) 0); // default: full 32 KiB history
            return new Stream(arena, z, new StagingBuffers(4096, 4096));
        } catch (Throwable t) {
            arena.close();
            throw Downcalls.rethrow("libisal", t);
        }
    }

    private static Stream newInflater() {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment st = arena.allocate(IsalLib.INFLATE_STATE.byteSize(), ALIGN);
            IsalLib.INFLATE_INIT.invokeExact(st);
            return new Stream(arena, st, new StagingBuffers(4096, 4096));
        } catch (Throwable t) {
            arena.close();
            throw Downcalls.rethrow("libisal", t);
        }
    }

    private static void free(Stream s) {
        // igzip allocates nothing itself: all its memory is ours.
        s.buf().close();
        s.arena().close();
    }

    /** Native states created so far (bounded by peak concurrency); for tests. */
    int statesCreated() {
        return deflaters.created() + inflaters.created();
    }

    @Override
    public void close() {
        deflaters.close();
        inflaters.close();
    }
}
