/*
 * Prints sizeof/offsetof for every C struct field the vdobench FFM bindings in
 * io.vdobench.ffm.cpu touch (ISA-L isal_zstream / inflate_state, zlib z_stream), one per line:
 *     <struct> <field> <offset> <size>
 * and one "<struct> sizeof <size> <size>" line per struct. CpuStructLayoutTest compiles this
 * with the system compiler against the installed headers and compares it with the Java layouts,
 * so a library upgrade that moves a field fails the build instead of corrupting memory.
 *
 * Build: cc -O0 -o cpu_layout cpu_layout.c   (headers only; links no library)
 */
#include <stddef.h>
#include <stdio.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#define F(S, T, FIELD) \
    printf("%s %s %zu %zu\n", #S, #FIELD, offsetof(T, FIELD), sizeof(((T *)0)->FIELD))
#define SZ(S, T) printf("%s sizeof %zu %zu\n", #S, sizeof(T), sizeof(T))

int main(void)
{
    SZ(isal_zstream, struct isal_zstream);
    F(isal_zstream, struct isal_zstream, next_in);
    F(isal_zstream, struct isal_zstream, avail_in);
    F(isal_zstream, struct isal_zstream, total_in);
    F(isal_zstream, struct isal_zstream, next_out);
    F(isal_zstream, struct isal_zstream, avail_out);
    F(isal_zstream, struct isal_zstream, total_out);
    F(isal_zstream, struct isal_zstream, hufftables);
    F(isal_zstream, struct isal_zstream, level);
    F(isal_zstream, struct isal_zstream, level_buf_size);
    F(isal_zstream, struct isal_zstream, level_buf);
    F(isal_zstream, struct isal_zstream, end_of_stream);
    F(isal_zstream, struct isal_zstream, flush);
    F(isal_zstream, struct isal_zstream, gzip_flag);
    F(isal_zstream, struct isal_zstream, hist_bits);
    F(isal_zstream, struct isal_zstream, internal_state);
    F(isal_zstream, struct isal_zstream, internal_state.state);

    SZ(inflate_state, struct inflate_state);
    F(inflate_state, struct inflate_state, next_out);
    F(inflate_state, struct inflate_state, avail_out);
    F(inflate_state, struct inflate_state, total_out);
    F(inflate_state, struct inflate_state, next_in);
    F(inflate_state, struct inflate_state, read_in);
    F(inflate_state, struct inflate_state, avail_in);
    F(inflate_state, struct inflate_state, read_in_length);
    F(inflate_state, struct inflate_state, block_state);
    F(inflate_state, struct inflate_state, bfinal);
    F(inflate_state, struct inflate_state, crc_flag);
    F(inflate_state, struct inflate_state, hist_bits);
    F(inflate_state, struct inflate_state, tmp_out_valid);
    F(inflate_state, struct inflate_state, tmp_out_processed);

    SZ(z_stream, z_stream);
    F(z_stream, z_stream, next_in);
    F(z_stream, z_stream, avail_in);
    F(z_stream, z_stream, total_in);
    F(z_stream, z_stream, next_out);
    F(z_stream, z_stream, avail_out);
    F(z_stream, z_stream, total_out);
    F(z_stream, z_stream, msg);
    F(z_stream, z_stream, state);
    F(z_stream, z_stream, zalloc);
    F(z_stream, z_stream, zfree);
    F(z_stream, z_stream, opaque);
    F(z_stream, z_stream, data_type);
    F(z_stream, z_stream, adler);
    F(z_stream, z_stream, reserved);

    /* Constants the bindings hard-code. */
    printf("const ISAL_DEF_LVL1_DEFAULT %d 0\n", (int)(ISAL_DEF_LVL1_DEFAULT));
    printf("const ISAL_DEF_LVL3_DEFAULT %d 0\n", (int)(ISAL_DEF_LVL3_DEFAULT));
    printf("const ZSTATE_END %d 0\n", (int)ZSTATE_END);
    printf("const ISAL_BLOCK_FINISH %d 0\n", (int)ISAL_BLOCK_FINISH);
    printf("const IGZIP_DEFLATE %d 0\n", (int)IGZIP_DEFLATE);
    printf("const ISAL_DEFLATE %d 0\n", (int)ISAL_DEFLATE);
    printf("const NO_FLUSH %d 0\n", (int)NO_FLUSH);
    return 0;
}
