package io.vdobench.ffm.qpl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * Where a successful libqpl software decompress stopped, exactly, read from the ISA-L inflate state that
 * libqpl keeps inside the job, so the codec can insist on one complete DEFLATE stream with nothing after
 * it at the cost of four loads.
 *
 * <p>Why not the public fields: libqpl's software inflate is ISA-L's. It fills a 64-bit bit buffer
 * ({@code read_in}) 8 bytes at a time and, unlike ISA-L's own {@code isal_inflate}, never gives the
 * unread bytes back when the final block ends, so {@code qpl_job.total_in} counts up to 7 bytes after the
 * end-of-block code (more precisely: the bytes the last refill loaded), and {@code last_bit_offset} stays
 * 0 on decompress. It also reports {@code QPL_STS_OK} when the input runs out before the final block's
 * end-of-block (EOB) code, whatever {@code decomp_end_processing} asks for: the software path never
 * performs the "check" half of those conditions. Measured with {@code native/src/main/c/qpl_tail_probe.c}.
 *
 * <p>The inflate state ({@code struct inflate_state} of libqpl's private copy of {@code igzip_lib.h}) is
 * the first object the decompressor allocates in {@code data_ptr.middle_layer_buffer_ptr}, which points
 * into the job's own memory. Read after the job:
 * <ul>
 * <li>{@code next_in} (offset 16) and {@code avail_in} (32): must equal {@code next_in_ptr + total_in}
 *     and the job's {@code available_in}, a per-call proof that this is the state of the job just run;</li>
 * <li>{@code read_in_length} (36): bits loaded but not consumed, so the stream ended at bit
 *     {@code total_in*8 - read_in_length}; DEFLATE pads the last byte, so a stream with no trailing data
 *     has {@code total_in == srcLen} and {@code read_in_length < 8};</li>
 * <li>{@code block_state} (21160): {@code ISAL_BLOCK_FINISH} (5) only once the EOB code of the block
 *     with BFINAL set has been decoded; a stream that runs out of input leaves it at
 *     {@code ISAL_BLOCK_CODED} (3) or earlier.</li>
 * </ul>
 * The deep offset depends on libqpl's build (the size of its Huffman decode tables), which is why
 * {@link #selfCheck} proves it against known streams before any codec relies on it, and the codec falls
 * back to an exact zlib check when the proof fails (see {@code QplCodec}, "Decompression strictness").
 */
final class QplStreamEnd {
    static final long NEXT_IN = 16;
    static final long AVAIL_IN = 32;
    static final long READ_IN_LENGTH = 36;
    static final long BLOCK_STATE = 21160;
    /** Bytes of the state this class reads. */
    static final long STATE_BYTES = BLOCK_STATE + 4;
    static final int ISAL_BLOCK_CODED = 3;
    static final int ISAL_BLOCK_FINISH = 5;

    private QplStreamEnd() {
    }

    /** What the state says about the input after a decompress that returned {@code QPL_STS_OK}. */
    enum Verdict {
        /** One complete stream: final block's EOB decoded, nothing after the byte it ends in. */
        COMPLETE,
        /** The final block's EOB code was never decoded: the input ends early. */
        NO_FINAL_EOB,
        /** A complete stream followed by at least one more byte. */
        TRAILING,
        /** The state does not describe the job just run: the layout assumption is wrong. */
        INCONSISTENT
    }

    /**
     * The inflate state inside {@code job} (a slice of the job's own memory), or {@code null} when
     * {@code middle_layer_buffer_ptr} does not point far enough inside it.
     */
    static MemorySegment stateOf(MemorySegment job) {
        long at = job.get(ADDRESS, QplJobLayout.MIDDLE_LAYER_BUFFER_PTR).address() - job.address();
        if (at < QplJobLayout.JOB.byteSize() || at > job.byteSize() - STATE_BYTES) {
            return null;
        }
        return job.asSlice(at, STATE_BYTES);
    }

    /**
     * @param state   {@link #stateOf} the job, after it returned {@code QPL_STS_OK}
     * @param input   the job's input buffer (its {@code next_in_ptr} before the run)
     * @param totalIn the job's {@code total_in}
     * @param availIn the job's {@code available_in}
     */
    static Verdict verdict(MemorySegment state, MemorySegment input, int srcLen, int totalIn, int availIn) {
        int readInLength = state.get(JAVA_INT, READ_IN_LENGTH);
        // next_in read as a long: no MemorySegment object on the per-block path (x86-64: 8-byte pointers)
        if (state.get(JAVA_LONG, NEXT_IN) != input.address() + totalIn
                || state.get(JAVA_INT, AVAIL_IN) != availIn
                || readInLength < 0 || readInLength > 64 || readInLength > 8L * totalIn) {
            return Verdict.INCONSISTENT;
        }
        if (state.get(JAVA_INT, BLOCK_STATE) != ISAL_BLOCK_FINISH) {
            return Verdict.NO_FINAL_EOB;
        }
        return totalIn == srcLen && readInLength < 8 ? Verdict.COMPLETE : Verdict.TRAILING;
    }

    /** Bytes the stream really occupies: up to and including the byte holding the last EOB bit. */
    static int streamBytes(MemorySegment state, int totalIn) {
        return totalIn - state.get(JAVA_INT, READ_IN_LENGTH) / 8;
    }

    /** Result of {@link #selfCheck}: whether {@link #verdict} can be trusted, and why not. */
    record Support(boolean available, String reason) {
    }

    /**
     * Proves the offsets on this libqpl with a software job: a fixed-Huffman stream of one literal
     * ({@code 4b 04 00}) must be COMPLETE, with 1 and 9 trailing bytes TRAILING (exact stream length 3),
     * and cut inside its EOB code ({@code 4b 04}, which libqpl decodes to the literal with QPL_STS_OK) must
     * be NO_FINAL_EOB; a stored block ({@code 01 01 00 fe ff 61}, byte-aligned end) must be COMPLETE.
     */
    static Support selfCheck(QplLibrary lib) {
        try (QplJob job = new QplJob(lib, QplPath.SOFTWARE)) {
            byte[] fixed = {0x4b, 0x04, 0x00};
            byte[] stored = {0x01, 0x01, 0x00, (byte) 0xfe, (byte) 0xff, 0x61};
            String bad = expect(job, fixed, 3, Verdict.COMPLETE, 3)
                    + expect(job, stored, 6, Verdict.COMPLETE, 6)
                    + expect(job, fixed, 4, Verdict.TRAILING, 3)
                    + expect(job, fixed, 12, Verdict.TRAILING, 3)
                    + expect(job, fixed, 2, Verdict.NO_FINAL_EOB, -1);
            return bad.isEmpty() ? new Support(true, "")
                    : new Support(false, "libqpl inflate state not as expected:" + bad);
        } catch (RuntimeException e) {
            return new Support(false, "inflate state self-check failed: " + e);
        }
    }

    /** Runs one decompress of {@code len} bytes (the stream, then zeros); "" when it behaves as expected. */
    private static String expect(QplJob job, byte[] stream, int len, Verdict want, int wantBytes) {
        MemorySegment in = job.in(len);
        in.asSlice(0, len).fill((byte) 0);
        MemorySegment.copy(MemorySegment.ofArray(stream), 0, in, 0, Math.min(len, stream.length));
        int st = job.run(QplJobLayout.QPL_OP_DECOMPRESS, QplJobLayout.QPL_FLAG_FIRST | QplJobLayout.QPL_FLAG_LAST,
                0, len, 1);
        MemorySegment state = job.inflateState();
        String what = " [" + len + " bytes: ";
        if (st != QplStatus.QPL_STS_OK.code() || job.totalOut() != 1) {
            return what + QplStatus.describe(st) + ", " + job.totalOut() + " bytes out]";
        }
        if (state == null) {
            return what + "middle_layer_buffer_ptr outside the job]";
        }
        Verdict v = verdict(state, in, len, job.totalIn(), job.availableIn());
        if (v != want) {
            return what + v + ", expected " + want + "]";
        }
        if (wantBytes >= 0 && streamBytes(state, job.totalIn()) != wantBytes) {
            return what + "stream length " + streamBytes(state, job.totalIn()) + ", expected " + wantBytes + "]";
        }
        return "";
    }
}
