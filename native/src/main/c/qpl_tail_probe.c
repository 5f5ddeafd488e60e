/*
 * What libqpl's software inflate reports about where a raw DEFLATE stream ends, for valid streams with
 * trailing bytes and for streams cut short. Not part of the build; run by hand:
 *
 *   gcc -O2 -Inative/target/include native/src/main/c/qpl_tail_probe.c -Lnative/target/lib -lqpl -lz \
 *       -Wl,-rpath,"$PWD/native/target/lib" -o /tmp/qpl_tail_probe && /tmp/qpl_tail_probe [-v]
 *
 * The exact end of each stream (in bits) comes from zlib's raw inflate: after Z_STREAM_END, avail_in is
 * the number of whole bytes left and the low 6 bits of data_type the unused bits of the last byte used.
 *
 * Besides the public qpl_job fields, it reads the first fields of the ISA-L inflate state that libqpl
 * 1.9.0 keeps at the start of data_ptr.middle_layer_buffer_ptr (struct inflate_state from libqpl's
 * private copy of igzip_lib.h: next_out@0, avail_out@8, total_out@12, next_in@16, read_in@24,
 * avail_in@32, read_in_length@36): read_in_length is the number of bits read from the input but not
 * consumed by the decoder, so total_in*8 - read_in_length is the bit where decoding stopped.
 *
 * Last, it repeats cut and trailing cases under every decomp_end_processing value, to see whether any
 * of them makes libqpl itself report a missing final EOB or trailing bytes (on libqpl 1.9.0: no; the
 * dont_stop/check_for_any_eob values go on decoding trailing bytes as a new block instead).
 *
 * Prints one line per case with -v; always a summary of which quantity predicts the stream's end, and
 * whether QplCodec's rule (block_state == ISAL_BLOCK_FINISH, total_in == input length, read_in_length < 8;
 * see QplStreamEnd) agrees with zlib on every case QPL decodes to 4096 bytes with QPL_STS_OK.
 */
#include <qpl/qpl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { BLOCK = 4096, MAXZ = 8192 };
/* offsetof(struct inflate_state, block_state) in libqpl's private igzip_lib.h (bfinal is 8 bytes on);
 * ISAL_BLOCK_FINISH = 5 */
enum { BLOCK_STATE_OFFSET = 21160 };

static int verbose;

struct isal_head { /* the stable head of ISA-L's struct inflate_state */
    uint8_t *next_out;
    uint32_t avail_out, total_out;
    uint8_t *next_in;
    uint64_t read_in;
    uint32_t avail_in;
    int32_t read_in_length;
};

static void fill(unsigned char *p, int n, int kind) {
    static const char *words[] = {"the ", "block ", "data ", "vdo ", "slab ", "hash ", "lock ", "packer "};
    int i = 0;
    while (i < n) {
        if (kind == 2 || (kind == 1 && rand() % 3 == 0)) { /* 2: random; 1: word soup + 1/3 random */
            p[i++] = (unsigned char) rand();
        } else if (kind == 0 && rand() % 5 == 0) {          /* 0: runs and random, fio-like */
            int r = 1 + rand() % 200;
            unsigned char c = (unsigned char) rand();
            while (r-- && i < n) p[i++] = c;
        } else {
            const char *w = words[rand() % 8];
            for (int k = 0; w[k] && i < n; k++) p[i++] = (unsigned char) w[k];
        }
    }
}

/* zlib raw deflate; flushMid: 0 none, 1 Z_FULL_FLUSH (byte-aligned empty stored block), 2 Z_PARTIAL_FLUSH */
static int zdeflate(const unsigned char *src, unsigned char *dst, int level, int strategy, int flushMid) {
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, level, Z_DEFLATED, -15, 8, strategy);
    s.next_out = dst;
    s.avail_out = MAXZ;
    s.next_in = (unsigned char *) src;
    s.avail_in = flushMid ? BLOCK / 2 : BLOCK;
    if (flushMid) {
        deflate(&s, flushMid == 1 ? Z_FULL_FLUSH : Z_PARTIAL_FLUSH);
        s.avail_in = BLOCK / 2;
    }
    deflate(&s, Z_FINISH);
    int n = (int) s.total_out;
    deflateEnd(&s);
    return n;
}

/* Exact end of the stream in bits per zlib, or -1 if zlib rejects it. */
static long zend_bits(const unsigned char *z, int n) {
    static unsigned char out[BLOCK + 16];
    z_stream s;
    memset(&s, 0, sizeof s);
    inflateInit2(&s, -15);
    s.next_in = (unsigned char *) z;
    s.avail_in = n;
    s.next_out = out;
    s.avail_out = sizeof out;
    int r = inflate(&s, Z_FINISH);
    long bits = -1;
    if (r == Z_STREAM_END && s.total_out == BLOCK) {
        bits = (long) (n - s.avail_in) * 8 - (s.data_type & 63);
    }
    inflateEnd(&s);
    return bits;
}

static qpl_job *job;
static unsigned char out[BLOCK + 64];
static int end_processing = qpl_stop_and_check_for_bfinal_eob;

struct result {
    int st, total_in, avail_in, total_out, last_bit_offset, rl, next_in_ok, block_state, bfinal;
    uint32_t crc;
};

static struct result qdecompress(const unsigned char *z, int n) {
    job->op = qpl_op_decompress;
    job->next_in_ptr = (uint8_t *) z;
    job->available_in = n;
    job->next_out_ptr = out;
    job->available_out = BLOCK;
    job->flags = QPL_FLAG_FIRST | QPL_FLAG_LAST;
    job->decomp_end_processing = (uint8_t) end_processing;
    job->ignore_start_bits = 0;
    job->ignore_end_bits = 0;
    struct result r;
    r.st = qpl_execute_job(job);
    r.total_in = (int) job->total_in;
    r.avail_in = (int) job->available_in;
    r.total_out = (int) job->total_out;
    r.last_bit_offset = (int) job->last_bit_offset;
    r.crc = job->crc;
    struct isal_head *h = (struct isal_head *) job->data_ptr.middle_layer_buffer_ptr;
    r.rl = h->read_in_length;
    r.next_in_ok = h->next_in == z + job->total_in;
    r.block_state = *(int32_t *) ((uint8_t *) h + BLOCK_STATE_OFFSET);
    r.bfinal = *(int32_t *) ((uint8_t *) h + BLOCK_STATE_OFFSET + 8);
    return r;
}

/* tallies */
static int cases, ok_cases, totalin_exact, derived_exact, next_in_mismatch, rl_out_of_range;
static int trail_accepted_by_totalin, trail_rejected_by_derived, trunc_ok, trunc_ok_detected;
static int qpl_rejects_valid, lbo_nonzero, rule_cases, rule_disagree;

static void report(const char *producer, const char *kind, const char *mode, int k, int n, long endBits,
                   const struct result *r, long zbits) {
    cases++;
    if (r->st == QPL_STS_OK) ok_cases++;
    if (r->st == QPL_STS_OK && !r->next_in_ok) next_in_mismatch++;
    if (r->rl < 0 || r->rl > 64) rl_out_of_range++;
    if (r->last_bit_offset) lbo_nonzero++;
    long derived = (long) r->total_in * 8 - r->rl; /* where decoding stopped, in bits */
    if (r->st == QPL_STS_OK && r->total_out == BLOCK) {
        /* the codec's rule: final EOB decoded, all input loaded, fewer than 8 bits left over */
        int rule = r->block_state == 5 && r->total_in == n && r->rl < 8;
        int zlib = zbits >= 0 && (zbits + 7) / 8 == n; /* zlib ends the stream in the input's last byte */
        rule_cases++;
        if (rule != zlib) {
            rule_disagree++;
            printf("RULE DISAGREES: %s %s %s k=%d\n", producer, kind, mode, k);
        }
    }
    if (verbose) {
        printf("%-14s %-6s %-9s k=%2d n=%5d end=%6ld zlib=%6ld | st=%3d total_in=%5d avail_in=%3d total_out=%4d lbo=%d "
               "read_in_length=%3d next_in==in+total_in:%d derived_end=%6ld block_state=%d bfinal=%d\n",
               producer, kind, mode, k, n, endBits, zbits, r->st, r->total_in, r->avail_in, r->total_out,
               r->last_bit_offset, r->rl, r->next_in_ok, derived, r->block_state, r->bfinal);
    }
    (void) n;
}

int main(int argc, char **argv) {
    verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    printf("libqpl %s, zlib %s\n", qpl_get_library_version(), zlibVersion());
    uint32_t size = 0;
    qpl_get_job_size(qpl_path_software, &size);
    job = aligned_alloc(64, (size + 63) / 64 * 64);
    qpl_init_job(qpl_path_software, job);
    qpl_job *cj = aligned_alloc(64, (size + 63) / 64 * 64);

    static unsigned char src[BLOCK], z[MAXZ], buf[MAXZ + 64];
    const char *kinds[] = {"fio", "text", "random"};
    srand(7);
    /* [stored final block?][trailing bytes]: cases decoded OK, and of those with total_in == input length */
    int byTrail[2][17] = {{0}}, byTrailTotalIn[2][17] = {{0}};

    for (int seed = 0; seed < 8; seed++) {
        for (int kind = 0; kind < 3; kind++) {
            fill(src, BLOCK, kind);
            for (int p = 0; p < 8; p++) {
                const char *producer;
                int n;
                if (p < 2) {
                    qpl_init_job(qpl_path_software, cj);
                    cj->op = qpl_op_compress;
                    cj->level = qpl_default_level;
                    cj->next_in_ptr = src;
                    cj->available_in = BLOCK;
                    cj->next_out_ptr = z;
                    cj->available_out = MAXZ;
                    cj->flags = QPL_FLAG_FIRST | QPL_FLAG_LAST | (p ? QPL_FLAG_DYNAMIC_HUFFMAN : 0);
                    if (qpl_execute_job(cj) != QPL_STS_OK) continue;
                    n = (int) cj->total_out;
                    producer = p ? "qpl-dynamic" : "qpl-fixed";
                } else {
                    static const char *names[] = {"", "", "zlib-1", "zlib-6", "zlib-9", "zlib-fixed", "zlib-fullflush",
                                                  "zlib-partflush"};
                    int level = p == 2 ? 1 : p == 4 ? 9 : 6;
                    n = zdeflate(src, z, level, p == 5 ? Z_FIXED : Z_DEFAULT_STRATEGY, p == 6 ? 1 : p == 7 ? 2 : 0);
                    producer = names[p];
                }
                long end = zend_bits(z, n);
                if (end < 0 || (end + 7) / 8 != n) {
                    printf("%s %s: zlib end %ld for %d bytes?\n", producer, kinds[kind], end, n);
                    continue;
                }
                struct result r;
                /* the valid stream itself */
                r = qdecompress(z, n);
                if (r.st != QPL_STS_OK || r.total_out != BLOCK || memcmp(out, src, BLOCK)) qpl_rejects_valid++;
                if (r.total_in == n) totalin_exact++;
                if (((long) r.total_in * 8 - r.rl + 7) / 8 == n) derived_exact++;
                report(producer, kinds[kind], "valid", 0, n, end, &r, end);
                /* trailing bytes */
                for (int t = 1; t <= 16; t++) {
                    for (int rnd = 0; rnd < 2; rnd++) {
                        memcpy(buf, z, n);
                        for (int i = 0; i < t; i++) buf[n + i] = rnd ? (unsigned char) rand() : 0;
                        r = qdecompress(buf, n + t);
                        long zb = zend_bits(buf, n + t);
                        report(producer, kinds[kind], rnd ? "trail-rnd" : "trail-0", t, n + t, end, &r, zb);
                        if (r.st == QPL_STS_OK && r.total_out == BLOCK) {
                            byTrail[kind == 2][t]++;
                            if (r.total_in == n + t) { byTrailTotalIn[kind == 2][t]++; trail_accepted_by_totalin++; }
                            long d = (long) r.total_in * 8 - r.rl;
                            if ((d + 7) / 8 != n + t) trail_rejected_by_derived++;
                        }
                    }
                }
                /* cut by whole bytes, then by bits (bits above the cut zeroed, as a truncation would leave
                 * nothing there; also set to ones to see whether QPL reads them) */
                for (int c = 1; c <= 3; c++) {
                    r = qdecompress(z, n - c);
                    report(producer, kinds[kind], "cut-bytes", c, n - c, end, &r, zend_bits(z, n - c));
                    if (r.st == QPL_STS_OK && r.total_out == BLOCK) {
                        trunc_ok++;
                        if (r.rl < 0 || ((long) r.total_in * 8 - r.rl) > (long) (n - c) * 8) trunc_ok_detected++;
                    }
                }
                for (int b = 1; b <= 15; b++) {
                    for (int ones = 0; ones < 2; ones++) {
                        long keep = end - b;
                        int m = (int) ((keep + 7) / 8);
                        memcpy(buf, z, m);
                        int used = (int) (keep - (long) (m - 1) * 8); /* bits of the last byte kept */
                        unsigned char mask = (unsigned char) ((1u << used) - 1);
                        buf[m - 1] = (unsigned char) ((buf[m - 1] & mask) | (ones ? ~mask : 0));
                        r = qdecompress(buf, m);
                        report(producer, kinds[kind], ones ? "cut-bits1" : "cut-bits0", b, m, end, &r, zend_bits(buf, m));
                        if (r.st == QPL_STS_OK && r.total_out == BLOCK && zend_bits(buf, m) < 0) {
                            trunc_ok++;
                            if (r.rl < 0 || ((long) r.total_in * 8 - r.rl) > (long) m * 8) trunc_ok_detected++;
                        }
                    }
                }
            }
        }
    }
    printf("cases %d, QPL_STS_OK with 4096 bytes %d; valid streams QPL rejected: %d\n", cases, ok_cases, qpl_rejects_valid);
    printf("valid streams: total_in == length in %d; total_in*8 - read_in_length ends in the last byte in %d\n",
           totalin_exact, derived_exact);
    printf("QPL_STS_OK but state next_in != next_in_ptr + total_in: %d; read_in_length outside 0..64: %d; last_bit_offset != 0: %d\n",
           next_in_mismatch, rl_out_of_range, lbo_nonzero);
    for (int stored = 0; stored < 2; stored++) {
        printf("trailing bytes after a %s final block, total_in == input length / decoded OK:",
               stored ? "stored" : "Huffman-coded");
        for (int t = 1; t <= 16; t++) printf(" +%d:%d/%d", t, byTrailTotalIn[stored][t], byTrail[stored][t]);
        printf("\n");
    }
    printf("OK-with-4096-bytes cases where block_state==FINISH && total_in==len && read_in_length<8 disagrees with "
           "zlib: %d of %d\n", rule_disagree, rule_cases);
    printf("trailing cases OK with total_in==len (missed by the old check): %d; of OK trailing cases, "
           "derived end not in the last byte: %d\n", trail_accepted_by_totalin, trail_rejected_by_derived);
    printf("truncated streams QPL decoded OK to 4096 bytes (zlib rejects): %d, of which derived end past the input: %d\n",
           trunc_ok, trunc_ok_detected);

    /* Does any decomp_end_processing value make QPL itself report a missing final EOB or trailing bytes?
     * Per value: over QPL/zlib streams of the three kinds, cut by 1..3 bytes or extended by 1..16 zero
     * bytes, how many decode to 4096 bytes with QPL_STS_OK, and of the trailing cases how many have
     * total_in == input length. */
    static const struct { int v; const char *name; } eps[] = {
        {qpl_stop_and_check_for_bfinal_eob, "stop_and_check_for_bfinal_eob"},
        {qpl_dont_stop_or_check, "dont_stop_or_check"},
        {qpl_stop_and_check_for_any_eob, "stop_and_check_for_any_eob"},
        {qpl_stop_on_any_eob, "stop_on_any_eob"},
        {qpl_stop_on_bfinal_eob, "stop_on_bfinal_eob"},
        {qpl_check_for_any_eob, "check_for_any_eob"},
        {qpl_check_for_bfinal_eob, "check_for_bfinal_eob"},
        {qpl_check_on_nonlast_block, "check_on_nonlast_block"},
    };
    verbose = 0;
    for (unsigned e = 0; e < sizeof eps / sizeof eps[0]; e++) {
        int cut_ok = 0, cut_n = 0, trail_ok = 0, trail_n = 0, trail_exact = 0, valid_ok = 0, valid_n = 0;
        srand(11);
        for (int kind = 0; kind < 3; kind++) {
            fill(src, BLOCK, kind);
            for (int p = 0; p < 2; p++) {
                int n = zdeflate(src, z, p ? 6 : 1, p ? Z_DEFAULT_STRATEGY : Z_FIXED, 0);
                end_processing = qpl_stop_and_check_for_bfinal_eob;
                struct result r;
                end_processing = eps[e].v;
                r = qdecompress(z, n);
                valid_n++;
                valid_ok += r.st == QPL_STS_OK && r.total_out == BLOCK;
                for (int c = 1; c <= 3; c++) {
                    r = qdecompress(z, n - c);
                    cut_n++;
                    cut_ok += r.st == QPL_STS_OK && r.total_out == BLOCK;
                }
                for (int t = 1; t <= 16; t++) {
                    memcpy(buf, z, n);
                    memset(buf + n, 0, t);
                    r = qdecompress(buf, n + t);
                    trail_n++;
                    if (r.st == QPL_STS_OK && r.total_out == BLOCK) {
                        trail_ok++;
                        trail_exact += r.total_in == n + t;
                    }
                }
            }
        }
        printf("decomp_end_processing %-30s valid OK %d/%d; cut 1..3 bytes OK %d/%d; trailing 1..16 OK %d/%d, "
               "with total_in == length %d\n", eps[e].name, valid_ok, valid_n, cut_ok, cut_n, trail_ok, trail_n, trail_exact);
    }
    qpl_fini_job(job);
    return 0;
}
