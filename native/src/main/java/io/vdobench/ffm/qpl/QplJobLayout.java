package io.vdobench.ffm.qpl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The public part of {@code qpl_job} from {@code qpl/c_api/job.h} (libqpl 1.9.0, x86-64 SysV), and
 * the constants from {@code defs.h} that the binding uses.
 *
 * <p>The whole struct is declared, field by field with its C padding, so the JDK checks every
 * alignment; QplLayoutTest compares each offset and size the binding touches with what the C
 * compiler reports for the provisioned header ({@code native/src/main/c/qpl_layout.c}).
 * The job memory itself is larger ({@code qpl_get_job_size}): libqpl keeps its internal state
 * after the struct, reached through {@code data_ptr}.
 */
public final class QplJobLayout {
    private QplJobLayout() {
    }

    /** {@code struct qpl_aux_data} (typedef {@code qpl_data}), embedded at the end of the job. */
    public static final StructLayout AUX_DATA = MemoryLayout.structLayout(
            ADDRESS.withName("compress_state_ptr"),
            ADDRESS.withName("decompress_state_ptr"),
            ADDRESS.withName("analytics_state_ptr"),
            ADDRESS.withName("middle_layer_buffer_ptr"),
            ADDRESS.withName("hw_state_ptr"),
            JAVA_INT.withName("path"),
            MemoryLayout.paddingLayout(4));

    public static final StructLayout JOB = MemoryLayout.structLayout(
            ADDRESS.withName("next_in_ptr"),
            JAVA_INT.withName("available_in"),
            JAVA_INT.withName("total_in"),
            ADDRESS.withName("next_out_ptr"),
            JAVA_INT.withName("available_out"),
            JAVA_INT.withName("total_out"),
            JAVA_INT.withName("op"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("crc"),
            JAVA_INT.withName("xor_checksum"),
            JAVA_INT.withName("last_bit_offset"),
            JAVA_INT.withName("level"),
            JAVA_INT.withName("statistics_mode"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("huffman_table"),
            ADDRESS.withName("dictionary"),
            JAVA_INT.withName("mini_block_size"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("idx_array"),
            JAVA_INT.withName("idx_max_size"),
            JAVA_INT.withName("idx_num_written"),
            JAVA_BYTE.withName("decomp_end_processing"),
            JAVA_BYTE.withName("ignore_start_bits"),
            JAVA_BYTE.withName("ignore_end_bits"),
            MemoryLayout.paddingLayout(5),
            JAVA_LONG.withName("crc64_poly"),
            JAVA_LONG.withName("crc64"),
            ADDRESS.withName("next_src2_ptr"),
            JAVA_INT.withName("available_src2"),
            JAVA_INT.withName("src1_bit_width"),
            JAVA_INT.withName("src2_bit_width"),
            JAVA_INT.withName("num_input_elements"),
            JAVA_INT.withName("out_bit_width"),
            JAVA_INT.withName("param_low"),
            JAVA_INT.withName("param_high"),
            JAVA_INT.withName("drop_initial_bytes"),
            JAVA_INT.withName("initial_output_index"),
            JAVA_INT.withName("parser"),
            JAVA_INT.withName("first_index_min_value"),
            JAVA_INT.withName("last_index_max_value"),
            JAVA_INT.withName("sum_value"),
            JAVA_INT.withName("numa_id"),
            AUX_DATA.withName("data_ptr"))
            .withName("qpl_job");

    // Offsets of every field the binding reads or writes.
    public static final long NEXT_IN_PTR = offset("next_in_ptr");
    public static final long AVAILABLE_IN = offset("available_in");
    public static final long TOTAL_IN = offset("total_in");
    public static final long NEXT_OUT_PTR = offset("next_out_ptr");
    public static final long AVAILABLE_OUT = offset("available_out");
    public static final long TOTAL_OUT = offset("total_out");
    public static final long OP = offset("op");
    public static final long FLAGS = offset("flags");
    public static final long CRC = offset("crc");
    public static final long LEVEL = offset("level");
    public static final long STATISTICS_MODE = offset("statistics_mode");
    public static final long HUFFMAN_TABLE = offset("huffman_table");
    public static final long DICTIONARY = offset("dictionary");
    public static final long MINI_BLOCK_SIZE = offset("mini_block_size");
    public static final long DECOMP_END_PROCESSING = offset("decomp_end_processing");
    public static final long IGNORE_START_BITS = offset("ignore_start_bits");
    public static final long IGNORE_END_BITS = offset("ignore_end_bits");
    /** {@code data_ptr.middle_layer_buffer_ptr}: where libqpl keeps its inflate state (QplStreamEnd). */
    public static final long MIDDLE_LAYER_BUFFER_PTR = offset("data_ptr.middle_layer_buffer_ptr");

    /** The fields above, by their C names: what QplLayoutTest must find at the same place in C. */
    public static final String[] TOUCHED_FIELDS = {
        "next_in_ptr", "available_in", "total_in", "next_out_ptr", "available_out", "total_out",
        "op", "flags", "crc", "level", "statistics_mode", "huffman_table", "dictionary",
        "mini_block_size", "decomp_end_processing", "ignore_start_bits", "ignore_end_bits", "data_ptr",
        "data_ptr.middle_layer_buffer_ptr",
    };

    // qpl_path_t
    public static final int QPL_PATH_AUTO = 0;
    public static final int QPL_PATH_HARDWARE = 1;
    public static final int QPL_PATH_SOFTWARE = 2;
    // qpl_operation
    public static final int QPL_OP_DECOMPRESS = 0x00;
    public static final int QPL_OP_COMPRESS = 0x01;
    // qpl_compression_levels
    public static final int QPL_DEFAULT_LEVEL = 1;
    public static final int QPL_HIGH_LEVEL = 3;
    // qpl_statistics_mode, qpl_mini_block_size, qpl_decomp_end_proc
    public static final int QPL_COMPRESSION_MODE = 0;
    public static final int QPL_MBLK_SIZE_NONE = 0;
    public static final int QPL_STOP_AND_CHECK_FOR_BFINAL_EOB = 0;
    // QPL_FLAG_*
    public static final int QPL_FLAG_FIRST = 0x0001;
    public static final int QPL_FLAG_LAST = 0x0002;
    public static final int QPL_FLAG_GZIP_MODE = 0x0008;
    public static final int QPL_FLAG_NO_HDRS = 0x0020;
    public static final int QPL_FLAG_DYNAMIC_HUFFMAN = 0x2000;
    public static final int QPL_FLAG_OMIT_VERIFY = 0x4000;
    public static final int QPL_FLAG_ZLIB_MODE = 0x00080000;
    public static final int QPL_FLAG_CANNED_MODE = 0x00400000;

    /** Byte offset of a field: a top-level name, or a dotted path into a nested struct. */
    public static long offset(String field) {
        return JOB.byteOffset(path(field));
    }

    /** Byte size of a field (same naming as {@link #offset}). */
    public static long size(String field) {
        return JOB.select(path(field)).byteSize();
    }

    private static MemoryLayout.PathElement[] path(String field) {
        String[] names = field.split("\\.");
        MemoryLayout.PathElement[] p = new MemoryLayout.PathElement[names.length];
        for (int i = 0; i < names.length; i++) {
            p[i] = groupElement(names[i]);
        }
        return p;
    }
}
