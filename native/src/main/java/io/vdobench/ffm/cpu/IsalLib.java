package io.vdobench.ffm.cpu;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vdobench.ffm.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into ISA-L's igzip ({@code libisal.so.2}) and the layouts of {@code struct isal_zstream}
 * and {@code struct inflate_state}, written from isa-l/igzip_lib.h (2.30) with the header's own
 * size formulas. {@code CpuStructLayoutTest} compiles a C program against the installed header and
 * compares every offset the binding touches, so an ISA-L upgrade that moves a field fails loudly.
 *
 * <p>Both structs hold the data pointers ({@code next_in}/{@code next_out}), so heap arrays cannot be
 * passed zero-copy: see {@link StagingBuffers}. {@code isal_deflate}/{@code isal_inflate} are ordinary
 * downcalls (native memory only); the small init/reset calls are {@code critical(false)}.
 */
final class IsalLib {
    // ---- igzip_lib.h constants -------------------------------------------------------------
    static final int IGZIP_K = 1024;
    static final int ISAL_DEF_MAX_HDR_SIZE = 328;
    static final int ISAL_DEF_HIST_SIZE = 32 * IGZIP_K;
    static final int IGZIP_HIST_SIZE = ISAL_DEF_HIST_SIZE;
    static final int ISAL_LOOK_AHEAD = (258 + 31) & ~31;
    static final int IGZIP_LVL0_HASH_SIZE = 8 * IGZIP_K;
    static final int IGZIP_LVL1_HASH_SIZE = 8 * IGZIP_K;
    static final int IGZIP_LVL3_HASH_SIZE = IGZIP_HIST_SIZE;
    static final int ISAL_DEF_LIT_LEN_SYMBOLS = 257 + 29;
    static final int ISAL_DEF_DIST_SYMBOLS = 30;
    static final int ISAL_DECODE_LONG_BITS = 12;
    static final int ISAL_DECODE_SHORT_BITS = 10;
    /** Suggested level buffers: {@code ISAL_DEF_LVLx_DEFAULT} = {@code ..._LARGE}. */
    static final int ISAL_DEF_LVL1_DEFAULT = (4 * IGZIP_K + 2 * IGZIP_LVL1_HASH_SIZE) + 4 * 64 * IGZIP_K;
    static final int ISAL_DEF_LVL3_DEFAULT = (4 * IGZIP_K + 4 * 4 * IGZIP_K + 2 * IGZIP_LVL3_HASH_SIZE) + 4 * 64 * IGZIP_K;

    static final int IGZIP_DEFLATE = 0;   // gzip_flag: raw DEFLATE, no wrapper
    static final int ISAL_DEFLATE = 0;    // crc_flag: raw DEFLATE, no wrapper, no checksum
    static final int NO_FLUSH = 0;
    static final int COMP_OK = 0;
    static final int ZSTATE_END = 11;      // enum isal_zstate_state
    static final int ISAL_BLOCK_FINISH = 5; // enum isal_block_state
    static final int ISAL_DECOMP_OK = 0;
    static final int ISAL_NEED_DICT = 6;

    // ---- struct isal_zstream -----------------------------------------------------------------
    static final StructLayout BIT_BUF2 = MemoryLayout.structLayout(
            JAVA_LONG.withName("m_bits"),
            JAVA_INT.withName("m_bit_count"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("m_out_buf"),
            ADDRESS.withName("m_out_end"),
            ADDRESS.withName("m_out_start")).withName("BitBuf2");

    static final StructLayout ISAL_ZSTATE = MemoryLayout.structLayout(
            JAVA_INT.withName("total_in_start"),
            JAVA_INT.withName("block_next"),
            JAVA_INT.withName("block_end"),
            JAVA_INT.withName("dist_mask"),
            JAVA_INT.withName("hash_mask"),
            JAVA_INT.withName("state"),
            BIT_BUF2.withName("bitbuf"),
            JAVA_INT.withName("crc"),
            JAVA_BYTE.withName("has_wrap_hdr"),
            JAVA_BYTE.withName("has_eob_hdr"),
            JAVA_BYTE.withName("has_eob"),
            JAVA_BYTE.withName("has_hist"),
            JAVA_SHORT.withName("has_level_buf_init"),
            MemoryLayout.paddingLayout(2),
            JAVA_INT.withName("count"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("tmp_out_buff"),
            JAVA_INT.withName("tmp_out_start"),
            JAVA_INT.withName("tmp_out_end"),
            JAVA_INT.withName("b_bytes_valid"),
            JAVA_INT.withName("b_bytes_processed"),
            MemoryLayout.sequenceLayout(2 * IGZIP_HIST_SIZE + ISAL_LOOK_AHEAD, JAVA_BYTE).withName("buffer"),
            MemoryLayout.sequenceLayout(IGZIP_LVL0_HASH_SIZE, JAVA_SHORT).withName("head")).withName("isal_zstate");

    static final StructLayout ISAL_ZSTREAM = MemoryLayout.structLayout(
            ADDRESS.withName("next_in"),
            JAVA_INT.withName("avail_in"),
            JAVA_INT.withName("total_in"),
            ADDRESS.withName("next_out"),
            JAVA_INT.withName("avail_out"),
            JAVA_INT.withName("total_out"),
            ADDRESS.withName("hufftables"),
            JAVA_INT.withName("level"),
            JAVA_INT.withName("level_buf_size"),
            ADDRESS.withName("level_buf"),
            JAVA_SHORT.withName("end_of_stream"),
            JAVA_SHORT.withName("flush"),
            JAVA_SHORT.withName("gzip_flag"),
            JAVA_SHORT.withName("hist_bits"),
            ISAL_ZSTATE.withName("internal_state")).withName("isal_zstream");

    static final long ZS_NEXT_IN = zs("next_in");
    static final long ZS_AVAIL_IN = zs("avail_in");
    static final long ZS_NEXT_OUT = zs("next_out");
    static final long ZS_AVAIL_OUT = zs("avail_out");
    static final long ZS_TOTAL_OUT = zs("total_out");
    static final long ZS_LEVEL = zs("level");
    static final long ZS_LEVEL_BUF_SIZE = zs("level_buf_size");
    static final long ZS_LEVEL_BUF = zs("level_buf");
    static final long ZS_END_OF_STREAM = zs("end_of_stream");
    static final long ZS_FLUSH = zs("flush");
    static final long ZS_GZIP_FLAG = zs("gzip_flag");
    static final long ZS_HIST_BITS = zs("hist_bits");
    static final long ZS_STATE = ISAL_ZSTREAM.byteOffset(groupElement("internal_state"), groupElement("state"));

    // ---- struct inflate_state ----------------------------------------------------------------
    private static final int L_REM = 21 - ISAL_DECODE_LONG_BITS;
    private static final int S_REM = 15 - ISAL_DECODE_SHORT_BITS;
    private static final int L_DUP = (1 << L_REM) - (L_REM + 1);
    private static final int S_DUP = (1 << S_REM) - (S_REM + 1);
    private static final int L_UNUSED = (1 << L_REM) - (1 << (L_REM / 2)) - (1 << ((L_REM + 1) / 2)) + 1;
    private static final int S_UNUSED = (1 << S_REM) - (1 << (S_REM / 2)) - (1 << ((S_REM + 1) / 2)) + 1;
    private static final int L_SIZE = ISAL_DEF_LIT_LEN_SYMBOLS + L_DUP + L_UNUSED;
    private static final int S_SIZE = ISAL_DEF_DIST_SYMBOLS + S_DUP + S_UNUSED;
    private static final int HUFF_CODE_LARGE_LONG_ALIGNED = L_SIZE + (-L_SIZE & 0xf);
    private static final int HUFF_CODE_SMALL_LONG_ALIGNED = S_SIZE + (-S_SIZE & 0xf);

    static final StructLayout INFLATE_HUFF_CODE_LARGE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(1 << ISAL_DECODE_LONG_BITS, JAVA_INT).withName("short_code_lookup"),
            MemoryLayout.sequenceLayout(HUFF_CODE_LARGE_LONG_ALIGNED, JAVA_SHORT).withName("long_code_lookup"));
    static final StructLayout INFLATE_HUFF_CODE_SMALL = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(1 << ISAL_DECODE_SHORT_BITS, JAVA_SHORT).withName("short_code_lookup"),
            MemoryLayout.sequenceLayout(HUFF_CODE_SMALL_LONG_ALIGNED, JAVA_SHORT).withName("long_code_lookup"));

    static final StructLayout INFLATE_STATE = MemoryLayout.structLayout(
            ADDRESS.withName("next_out"),
            JAVA_INT.withName("avail_out"),
            JAVA_INT.withName("total_out"),
            ADDRESS.withName("next_in"),
            JAVA_LONG.withName("read_in"),
            JAVA_INT.withName("avail_in"),
            JAVA_INT.withName("read_in_length"),
            INFLATE_HUFF_CODE_LARGE.withName("lit_huff_code"),
            INFLATE_HUFF_CODE_SMALL.withName("dist_huff_code"),
            JAVA_INT.withName("block_state"),
            JAVA_INT.withName("dict_length"),
            JAVA_INT.withName("bfinal"),
            JAVA_INT.withName("crc_flag"),
            JAVA_INT.withName("crc"),
            JAVA_INT.withName("hist_bits"),
            JAVA_INT.withName("type0_block_len"), // union { type0_block_len; count; dict_id; }
            JAVA_INT.withName("write_overflow_lits"),
            JAVA_INT.withName("write_overflow_len"),
            JAVA_INT.withName("copy_overflow_length"),
            JAVA_INT.withName("copy_overflow_distance"),
            JAVA_SHORT.withName("wrapper_flag"),
            JAVA_SHORT.withName("tmp_in_size"),
            JAVA_INT.withName("tmp_out_valid"),
            JAVA_INT.withName("tmp_out_processed"),
            MemoryLayout.sequenceLayout(ISAL_DEF_MAX_HDR_SIZE, JAVA_BYTE).withName("tmp_in_buffer"),
            MemoryLayout.sequenceLayout(2 * ISAL_DEF_HIST_SIZE + ISAL_LOOK_AHEAD, JAVA_BYTE).withName("tmp_out_buffer"))
            .withName("inflate_state");

    static final long IS_NEXT_OUT = is("next_out");
    static final long IS_AVAIL_OUT = is("avail_out");
    static final long IS_TOTAL_OUT = is("total_out");
    static final long IS_NEXT_IN = is("next_in");
    static final long IS_AVAIL_IN = is("avail_in");
    static final long IS_READ_IN_LENGTH = is("read_in_length");
    static final long IS_BLOCK_STATE = is("block_state");
    static final long IS_CRC_FLAG = is("crc_flag");
    static final long IS_HIST_BITS = is("hist_bits");

    // ---- downcalls -----------------------------------------------------------------------------
    static final NativeLibrary LIB = NativeLibrary.open("libisal", "libisal.so.2", "libisal.so");
    static final MethodHandle DEFLATE_INIT;
    static final MethodHandle DEFLATE_RESET;
    static final MethodHandle DEFLATE;
    static final MethodHandle INFLATE_INIT;
    static final MethodHandle INFLATE_RESET;
    static final MethodHandle INFLATE;
    static final LibraryStatus STATUS;

    static {
        MethodHandle[] h = new MethodHandle[6];
        LibraryStatus s;
        if (!LIB.isLoaded()) {
            s = LibraryStatus.notLoaded(LIB, "libisal.so.2");
        } else {
            try {
                Linker.Option shortCall = Linker.Option.critical(false);
                FunctionDescriptor voidStrm = FunctionDescriptor.ofVoid(ADDRESS);
                FunctionDescriptor intStrm = FunctionDescriptor.of(JAVA_INT, ADDRESS);
                h[0] = LIB.downcall("isal_deflate_init", voidStrm, shortCall);
                h[1] = LIB.downcall("isal_deflate_reset", voidStrm, shortCall);
                h[2] = LIB.downcall("isal_deflate", intStrm);
                h[3] = LIB.downcall("isal_inflate_init", voidStrm, shortCall);
                h[4] = LIB.downcall("isal_inflate_reset", voidStrm, shortCall);
                h[5] = LIB.downcall("isal_inflate", intStrm);
                String file = LibraryFacts.mappedPath(LIB);
                // ISA-L has no runtime version call; the owning Debian package is the honest source.
                String version = LibraryFacts.dpkgVersion(file).orElse("unknown (ISA-L has no runtime version call)");
                s = LibraryStatus.loaded(file, version);
            } catch (Throwable t) {
                java.util.Arrays.fill(h, null);
                s = LibraryStatus.missing(LibraryFacts.mappedPath(LIB), "libisal unusable: " + t);
            }
        }
        DEFLATE_INIT = h[0];
        DEFLATE_RESET = h[1];
        DEFLATE = h[2];
        INFLATE_INIT = h[3];
        INFLATE_RESET = h[4];
        INFLATE = h[5];
        STATUS = s;
    }

    private IsalLib() {
    }

    private static long zs(String field) {
        return ISAL_ZSTREAM.byteOffset(groupElement(field));
    }

    private static long is(String field) {
        return INFLATE_STATE.byteOffset(groupElement(field));
    }

    /** isal_deflate return codes by name. */
    static String deflateCodeName(int rc) {
        return switch (rc) {
            case COMP_OK -> "COMP_OK";
            case -1 -> "STATELESS_OVERFLOW";
            case -3 -> "ISAL_INVALID_STATE";
            case -4 -> "ISAL_INVALID_LEVEL";
            case -5 -> "ISAL_INVALID_LEVEL_BUF";
            case -7 -> "INVALID_FLUSH";
            case -8 -> "INVALID_PARAM";
            case -9 -> "ISAL_INVALID_OPERATION";
            default -> "isal_deflate status " + rc;
        };
    }

    /** isal_inflate return codes by name. */
    static String inflateCodeName(int rc) {
        return switch (rc) {
            case ISAL_DECOMP_OK -> "ISAL_DECOMP_OK";
            case 1 -> "ISAL_END_INPUT";
            case 2 -> "ISAL_OUT_OVERFLOW";
            case ISAL_NEED_DICT -> "ISAL_NEED_DICT";
            case -1 -> "ISAL_INVALID_BLOCK";
            case -2 -> "ISAL_INVALID_SYMBOL";
            case -3 -> "ISAL_INVALID_LOOKBACK";
            case -4 -> "ISAL_INVALID_WRAPPER";
            case -5 -> "ISAL_UNSUPPORTED_METHOD";
            case -6 -> "ISAL_INCORRECT_CHECKSUM";
            default -> "isal_inflate status " + rc;
        };
    }
}
