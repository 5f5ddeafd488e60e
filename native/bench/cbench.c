/*
 * vdobench C reference bench: the same libraries the FFM codecs call, called from C on the same
 * bytes, so that FFM/C throughput ratios compare like with like.
 *
 * For each (codec, level, block size, direction) it runs the same blocks repeatedly: a warm-up
 * period, then several timed iterations of a minimum duration each (JMH-like), and prints the
 * median (and min/max) MB/s over the iterations as CSV on stdout. MB/s = uncompressed bytes
 * processed per second, 1 MB = 1e6 bytes, in both directions. After every timed iteration each
 * block is decompressed once more and compared with memcmp (untimed); a mismatch aborts.
 *
 * Each call mirrors what the Java codec does per block (reset + one-shot call on pooled state):
 *   lz4         LZ4_compress_default / LZ4_decompress_safe
 *   isal 0/1/3  isal_deflate_reset + isal_deflate (raw, end_of_stream, NO_FLUSH, LVLx_DEFAULT buffer)
 *               isal_inflate_reset + isal_inflate (raw)
 *   libdeflate  libdeflate_deflate_compress / libdeflate_deflate_decompress_ex (levels 1/6/9/12)
 *   zlib4k      deflateReset + deflate(Z_FINISH), windowBits -12, memLevel 8 (levels 1/6/9)
 *               inflateReset + inflate(Z_FINISH), windowBits -15
 *   qpl-sw      libqpl software path, fixed and dynamic Huffman (only when built with HAVE_QPL)
 *   memcpy      baseline: the cost of one copy of the block (what a staging copy costs)
 *
 * Usage: see usage() or run without arguments. Build: native/bench/build.sh
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <lz4.h>
#include <zlib.h>
#ifdef HAVE_QPL
#include <qpl/qpl.h>
#endif

/* ------------------------------------------------------------------------------------------ */
/* Codec table                                                                                 */

typedef struct codec {
    const char *name;  /* family, as in the Java codec ids */
    const char *level; /* level or variant label */
    int level_num;
    void *(*init)(int level, size_t max_block);
    /* returns compressed size, or 0 when it does not fit in cap */
    size_t (*compress)(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap);
    /* returns 0 when exactly `expected` bytes were produced */
    int (*decompress)(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected);
    void (*fini)(void *st);
} codec;

static void *xalloc(size_t n)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, n ? n : 64) != 0) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(2);
    }
    memset(p, 0, n);
    return p;
}

/* memcpy baseline ---------------------------------------------------------------------------- */
static void *memcpy_init(int level, size_t max_block) { (void)level; (void)max_block; return NULL; }
static size_t memcpy_compress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    (void)st;
    if (n > cap) return 0;
    memcpy(dst, src, n);
    return n;
}
static int memcpy_decompress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected)
{
    (void)st;
    if (n != expected) return -1;
    memcpy(dst, src, n);
    return 0;
}
static void nop_fini(void *st) { (void)st; }

/* liblz4 -------------------------------------------------------------------------------------- */
static size_t lz4_compress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    (void)st;
    int r = LZ4_compress_default((const char *)src, (char *)dst, (int)n, (int)cap);
    return r > 0 ? (size_t)r : 0;
}
static int lz4_decompress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected)
{
    (void)st;
    int r = LZ4_decompress_safe((const char *)src, (char *)dst, (int)n, (int)expected);
    return r == (int)expected ? 0 : -1;
}

/* ISA-L --------------------------------------------------------------------------------------- */
typedef struct {
    struct isal_zstream zs;
    struct inflate_state is;
    uint8_t *level_buf;
} isal_state;

static void *isal_init(int level, size_t max_block)
{
    (void)max_block;
    isal_state *s = xalloc(sizeof *s);
    isal_deflate_init(&s->zs);
    s->zs.level = (uint32_t)level;
    uint32_t sz = level == 1 ? ISAL_DEF_LVL1_DEFAULT : level == 3 ? ISAL_DEF_LVL3_DEFAULT : 0;
    if (sz) {
        s->level_buf = xalloc(sz);
        s->zs.level_buf = s->level_buf;
        s->zs.level_buf_size = sz;
    }
    s->zs.gzip_flag = IGZIP_DEFLATE;
    s->zs.hist_bits = 0;
    isal_inflate_init(&s->is);
    return s;
}
static size_t isal_compress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    isal_state *s = st;
    struct isal_zstream *z = &s->zs;
    isal_deflate_reset(z);
    z->next_in = (uint8_t *)src;
    z->avail_in = (uint32_t)n;
    z->next_out = dst;
    z->avail_out = (uint32_t)cap;
    z->end_of_stream = 1;
    z->flush = NO_FLUSH;
    for (int call = 0; call < 8; call++) {
        if (isal_deflate(z) != COMP_OK) return 0;
        if (z->internal_state.state == ZSTATE_END) return z->total_out;
        if (z->avail_out == 0) return 0;
    }
    return 0;
}
static int isal_decompress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected)
{
    isal_state *s = st;
    struct inflate_state *i = &s->is;
    isal_inflate_reset(i);
    i->crc_flag = ISAL_DEFLATE;
    i->hist_bits = 0;
    i->next_in = (uint8_t *)src;
    i->avail_in = (uint32_t)n;
    i->next_out = dst;
    i->avail_out = (uint32_t)expected;
    if (isal_inflate(i) != ISAL_DECOMP_OK) return -1;
    return i->block_state == ISAL_BLOCK_FINISH && i->total_out == expected ? 0 : -1;
}
static void isal_fini(void *st)
{
    isal_state *s = st;
    free(s->level_buf);
    free(s);
}

/* libdeflate ---------------------------------------------------------------------------------- */
typedef struct {
    struct libdeflate_compressor *c;
    struct libdeflate_decompressor *d;
} ld_state;

static void *ld_init(int level, size_t max_block)
{
    (void)max_block;
    ld_state *s = xalloc(sizeof *s);
    s->c = libdeflate_alloc_compressor(level);
    s->d = libdeflate_alloc_decompressor();
    if (!s->c || !s->d) {
        fprintf(stderr, "libdeflate_alloc_* failed for level %d\n", level);
        exit(2);
    }
    return s;
}
static size_t ld_compress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    return libdeflate_deflate_compress(((ld_state *)st)->c, src, n, dst, cap);
}
static int ld_decompress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected)
{
    size_t in = 0, out = 0;
    enum libdeflate_result r = libdeflate_deflate_decompress_ex(((ld_state *)st)->d, src, n, dst, expected, &in, &out);
    return r == LIBDEFLATE_SUCCESS && out == expected && in == n ? 0 : -1;
}
static void ld_fini(void *st)
{
    ld_state *s = st;
    libdeflate_free_compressor(s->c);
    libdeflate_free_decompressor(s->d);
    free(s);
}

/* zlib, 4 KiB window -------------------------------------------------------------------------- */
typedef struct {
    z_stream def;
    z_stream inf;
} zlib_state;

static void *zlib_init(int level, size_t max_block)
{
    (void)max_block;
    zlib_state *s = xalloc(sizeof *s);
    if (deflateInit2(&s->def, level, Z_DEFLATED, -12, 8, Z_DEFAULT_STRATEGY) != Z_OK
        || inflateInit2(&s->inf, -15) != Z_OK) {
        fprintf(stderr, "zlib init failed\n");
        exit(2);
    }
    return s;
}
static size_t zlib_compress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    z_stream *z = &((zlib_state *)st)->def;
    if (deflateReset(z) != Z_OK) return 0;
    z->next_in = (Bytef *)src;
    z->avail_in = (uInt)n;
    z->next_out = dst;
    z->avail_out = (uInt)cap;
    return deflate(z, Z_FINISH) == Z_STREAM_END ? cap - z->avail_out : 0;
}
static int zlib_decompress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected)
{
    z_stream *z = &((zlib_state *)st)->inf;
    if (inflateReset(z) != Z_OK) return -1;
    z->next_in = (Bytef *)src;
    z->avail_in = (uInt)n;
    z->next_out = dst;
    z->avail_out = (uInt)expected;
    return inflate(z, Z_FINISH) == Z_STREAM_END && z->avail_out == 0 && z->avail_in == 0 ? 0 : -1;
}
static void zlib_fini(void *st)
{
    zlib_state *s = st;
    deflateEnd(&s->def);
    inflateEnd(&s->inf);
    free(s);
}

/* libqpl, software path ----------------------------------------------------------------------- */
#ifdef HAVE_QPL
typedef struct {
    qpl_job *job;
    int dynamic;
    uint8_t *scratch; /* decompress target of the caller-side verify above 32 KiB */
    size_t scratch_size;
} qpl_state;

static void *qpl_sw_init(int dynamic, size_t max_block)
{
    (void)max_block;
    uint32_t size = 0;
    qpl_state *s = xalloc(sizeof *s);
    if (qpl_get_job_size(qpl_path_software, &size) != QPL_STS_OK) {
        fprintf(stderr, "qpl_get_job_size failed\n");
        exit(2);
    }
    s->job = xalloc(size);
    qpl_status st = qpl_init_job(qpl_path_software, s->job);
    if (st != QPL_STS_OK) {
        fprintf(stderr, "qpl_init_job(software) failed: status %d\n", (int)st);
        exit(2);
    }
    s->dynamic = dynamic;
    s->scratch = NULL;
    s->scratch_size = 0;
    return s;
}
/* The same work per block as io.vdobench.ffm.qpl.QplCodec's defaults, so the FFM/C ratio compares
 * like with like: re-initialise the job before every compress (deterministic output; libqpl 1.9.0's
 * reused software job drifts), QPL's own verify up to 32 KiB, and above that (where libqpl's verify
 * is broken) verify off plus a decompress-and-compare by the caller. */
#define QPL_SW_VERIFY_LIMIT (32 * 1024)
static size_t qpl_sw_compress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    qpl_state *s = st;
    qpl_job *j = s->job;
    if (qpl_init_job(qpl_path_software, j) != QPL_STS_OK) {
        return 0;
    }
    int own_verify = n > QPL_SW_VERIFY_LIMIT;
    j->op = qpl_op_compress;
    j->level = qpl_default_level;
    j->next_in_ptr = (uint8_t *)src;
    j->available_in = (uint32_t)n;
    j->next_out_ptr = dst;
    j->available_out = (uint32_t)cap;
    j->huffman_table = NULL;
    j->flags = QPL_FLAG_FIRST | QPL_FLAG_LAST | (own_verify ? QPL_FLAG_OMIT_VERIFY : 0)
             | (s->dynamic ? QPL_FLAG_DYNAMIC_HUFFMAN : 0);
    if (qpl_execute_job(j) != QPL_STS_OK) {
        return 0;
    }
    size_t out = j->total_out;
    if (own_verify) {
        if (s->scratch_size < n) {
            free(s->scratch);
            s->scratch = xalloc(n);
            s->scratch_size = n;
        }
        j->op = qpl_op_decompress;
        j->next_in_ptr = dst;
        j->available_in = (uint32_t)out;
        j->next_out_ptr = s->scratch;
        j->available_out = (uint32_t)n;
        j->flags = QPL_FLAG_FIRST | QPL_FLAG_LAST;
        if (qpl_execute_job(j) != QPL_STS_OK || j->total_out != n || memcmp(s->scratch, src, n) != 0) {
            return 0;
        }
    }
    return out;
}
static int qpl_sw_decompress(void *st, const uint8_t *src, size_t n, uint8_t *dst, size_t expected)
{
    qpl_job *j = ((qpl_state *)st)->job;
    j->op = qpl_op_decompress;
    j->next_in_ptr = (uint8_t *)src;
    j->available_in = (uint32_t)n;
    j->next_out_ptr = dst;
    j->available_out = (uint32_t)expected;
    j->flags = QPL_FLAG_FIRST | QPL_FLAG_LAST;
    return qpl_execute_job(j) == QPL_STS_OK && j->total_out == expected ? 0 : -1;
}
static void qpl_sw_fini(void *st)
{
    qpl_state *s = st;
    qpl_fini_job(s->job);
    free(s->scratch);
    free(s->job);
    free(s);
}
#endif

static const codec CODECS[] = {
    {"memcpy", "-", 0, memcpy_init, memcpy_compress, memcpy_decompress, nop_fini},
    {"lz4", "default", 0, memcpy_init, lz4_compress, lz4_decompress, nop_fini},
    {"isal", "0", 0, isal_init, isal_compress, isal_decompress, isal_fini},
    {"isal", "1", 1, isal_init, isal_compress, isal_decompress, isal_fini},
    {"isal", "3", 3, isal_init, isal_compress, isal_decompress, isal_fini},
    {"libdeflate", "1", 1, ld_init, ld_compress, ld_decompress, ld_fini},
    {"libdeflate", "6", 6, ld_init, ld_compress, ld_decompress, ld_fini},
    {"libdeflate", "9", 9, ld_init, ld_compress, ld_decompress, ld_fini},
    {"libdeflate", "12", 12, ld_init, ld_compress, ld_decompress, ld_fini},
    {"zlib4k", "1", 1, zlib_init, zlib_compress, zlib_decompress, zlib_fini},
    {"zlib4k", "6", 6, zlib_init, zlib_compress, zlib_decompress, zlib_fini},
    {"zlib4k", "9", 9, zlib_init, zlib_compress, zlib_decompress, zlib_fini},
#ifdef HAVE_QPL
    {"qpl-sw", "fixed", 0, qpl_sw_init, qpl_sw_compress, qpl_sw_decompress, qpl_sw_fini},
    {"qpl-sw", "dynamic", 1, qpl_sw_init, qpl_sw_compress, qpl_sw_decompress, qpl_sw_fini},
#endif
};
#define NCODECS (sizeof CODECS / sizeof CODECS[0])

/* ------------------------------------------------------------------------------------------ */
/* Timing                                                                                      */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct {
    const codec *c;
    void *st;
    int decompress;
    size_t block;
    size_t nblocks;
    uint8_t **src;     /* nblocks input blocks */
    uint8_t **comp;    /* nblocks compressed blocks */
    size_t *comp_len;
    size_t cap;
    uint8_t *out;      /* scratch output */
    size_t next;
    size_t sink;       /* keeps results live */
    long errors;
} bench_case;

static void run_ops(bench_case *b, long ops)
{
    for (long i = 0; i < ops; i++) {
        size_t k = b->next;
        b->next = k + 1 == b->nblocks ? 0 : k + 1;
        if (b->decompress) {
            if (b->c->decompress(b->st, b->comp[k], b->comp_len[k], b->out, b->block) != 0) b->errors++;
            b->sink += b->out[b->block - 1];
        } else {
            b->sink += b->c->compress(b->st, b->src[k], b->block, b->out, b->cap);
        }
    }
}

/* Runs for at least `seconds`, in batches long enough that reading the clock costs nothing. */
static double run_for(bench_case *b, double seconds, long batch, long *ops_done)
{
    long ops = 0;
    double t0 = now(), t;
    do {
        run_ops(b, batch);
        ops += batch;
        t = now();
    } while (t - t0 < seconds);
    *ops_done = ops;
    return t - t0;
}

static void verify(bench_case *b)
{
    for (size_t k = 0; k < b->nblocks; k++) {
        memset(b->out, 0xA5, b->block);
        if (b->c->decompress(b->st, b->comp[k], b->comp_len[k], b->out, b->block) != 0
            || memcmp(b->out, b->src[k], b->block) != 0) {
            fprintf(stderr, "VERIFY FAILED: %s level %s block %zu #%zu\n", b->c->name, b->c->level, b->block, k);
            exit(3);
        }
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------------------------------ */

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [-b SIZES] [-c CODECS] [-n BLOCKS] [-C block|bound] [-w SECONDS] [-t SECONDS] [-i N] FILE\n"
            "  FILE  raw input bytes; block k of size B is bytes [k*B, (k+1)*B). Make one with\n"
            "        java -cp native/target/classes:pipeline/target/classes io.vdobench.ffm.cpu.DumpData FIO60 131072 42 FILE\n"
            "        (its first B bytes equal DataKind.FIO60.generate(B, 42), the block the JMH bench uses)\n"
            "  -b    block sizes, comma-separated (default 4096,65536)\n"
            "  -c    codecs, comma-separated family names or family:level, e.g. lz4,isal:1 (default: all built in):",
            argv0);
    for (size_t i = 0; i < NCODECS; i++) {
        if (i == 0 || strcmp(CODECS[i].name, CODECS[i - 1].name) != 0) fprintf(stderr, " %s", CODECS[i].name);
    }
    fprintf(stderr,
            "\n"
            "  -n    blocks per size (default 1: the same block repeatedly); fewer if FILE is short\n"
            "  -C    compress capacity: block (default; = block size, a hard limit as in dm-vdo) or bound (always fits)\n"
            "  -w    warm-up seconds per case (default 1)\n"
            "  -t    minimum seconds per timed iteration (default 1)\n"
            "  -i    timed iterations (default 5); CSV reports their median, min and max MB/s\n");
    exit(1);
}

static int wanted(const char *list, const char *name)
{
    if (list == NULL) return 1;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *sizes = "4096,65536", *codecs = NULL, *capmode = "block", *file = NULL;
    double warm = 1.0, iter_s = 1.0;
    int iters = 5;
    long want_blocks = 1;
    for (int a = 1; a < argc; a++) {
        if (argv[a][0] != '-') { file = argv[a]; continue; }
        if (a + 1 >= argc) usage(argv[0]);
        switch (argv[a][1]) {
        case 'b': sizes = argv[++a]; break;
        case 'c': codecs = argv[++a]; break;
        case 'n': want_blocks = atol(argv[++a]); break;
        case 'C': capmode = argv[++a]; break;
        case 'w': warm = atof(argv[++a]); break;
        case 't': iter_s = atof(argv[++a]); break;
        case 'i': iters = atoi(argv[++a]); break;
        default: usage(argv[0]);
        }
    }
    if (!file || iters < 1 || want_blocks < 1) usage(argv[0]);

    FILE *f = fopen(file, "rb");
    if (!f) { fprintf(stderr, "%s: %s\n", file, strerror(errno)); return 1; }
    fseek(f, 0, SEEK_END);
    long fsize = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = xalloc((size_t)fsize);
    if (fsize <= 0 || fread(data, 1, (size_t)fsize, f) != (size_t)fsize) { fprintf(stderr, "cannot read %s\n", file); return 1; }
    fclose(f);

    fprintf(stderr, "# liblz4 %s (LZ4_versionString), zlib %s (zlibVersion), libdeflate %s (header, compile-time),"
                    " ISA-L (no version API)%s; input %s (%ld bytes)\n",
            LZ4_versionString(), zlibVersion(), LIBDEFLATE_VERSION_STRING,
#ifdef HAVE_QPL
            ", libqpl software path",
#else
            ", libqpl not built in",
#endif
            file, fsize);
    printf("codec,level,block_size,direction,blocks,mb_per_s_median,mb_per_s_min,mb_per_s_max,iterations,ratio,note\n");

    for (const char *p = sizes; *p;) {
        size_t block = (size_t)strtoul(p, NULL, 10);
        const char *e = strchr(p, ',');
        p = e ? e + 1 : p + strlen(p);
        if (block == 0 || (long)block > fsize) {
            fprintf(stderr, "skipping block size %zu: file has %ld bytes\n", block, fsize);
            continue;
        }
        size_t nblocks = (size_t)(fsize / (long)block);
        if ((long)nblocks > want_blocks) nblocks = (size_t)want_blocks;
        size_t cap = strcmp(capmode, "bound") == 0 ? 2 * block + 1024 : block;

        for (size_t ci = 0; ci < NCODECS; ci++) {
            const codec *c = &CODECS[ci];
            char name_level[64];
            snprintf(name_level, sizeof name_level, "%s:%s", c->name, c->level);
            if (!wanted(codecs, c->name) && !wanted(codecs, name_level)) continue;
            bench_case b = {0};
            b.c = c;
            b.st = c->init(c->level_num, block);
            b.block = block;
            b.nblocks = nblocks;
            b.cap = cap;
            b.src = xalloc(nblocks * sizeof *b.src);
            b.comp = xalloc(nblocks * sizeof *b.comp);
            b.comp_len = xalloc(nblocks * sizeof *b.comp_len);
            b.out = xalloc(2 * block + 1024);
            size_t total_comp = 0;
            int all_fit = 1;
            for (size_t k = 0; k < nblocks; k++) {
                b.src[k] = data + k * block; /* aligned copies would change nothing measurable */
                b.comp[k] = xalloc(cap);
                b.comp_len[k] = c->compress(b.st, b.src[k], block, b.comp[k], cap);
                if (b.comp_len[k] == 0) all_fit = 0;
                total_comp += b.comp_len[k];
            }
            double ratio = all_fit ? (double)total_comp / (double)(block * nblocks) : 0.0;
            for (int dir = 0; dir < 2; dir++) {
                if (dir == 1 && !all_fit) {
                    printf("%s,%s,%zu,decompress,%zu,,,,0,,does-not-fit (capacity %zu)\n", c->name, c->level, block,
                           nblocks, cap);
                    continue;
                }
                if (dir == 1) verify(&b);
                b.decompress = dir;
                b.next = 0;
                /* warm-up, and batch calibration: one batch ~0.2 ms */
                long ops;
                double t = run_for(&b, warm > 0.05 ? warm : 0.05, 1, &ops);
                long batch = (long)(2e-4 / (t / (double)ops));
                if (batch < 1) batch = 1;
                double *mbps = xalloc((size_t)iters * sizeof *mbps);
                for (int it = 0; it < iters; it++) {
                    double secs = run_for(&b, iter_s, batch, &ops);
                    mbps[it] = (double)ops * (double)block / secs / 1e6;
                    if (dir == 1) verify(&b);
                }
                if (b.errors) {
                    fprintf(stderr, "%s %s: %ld decompression errors\n", c->name, c->level, b.errors);
                    return 3;
                }
                qsort(mbps, (size_t)iters, sizeof *mbps, cmp_double);
                double median = iters % 2 ? mbps[iters / 2] : (mbps[iters / 2 - 1] + mbps[iters / 2]) / 2;
                printf("%s,%s,%zu,%s,%zu,%.1f,%.1f,%.1f,%d,", c->name, c->level, block, dir ? "decompress" : "compress",
                       nblocks, median, mbps[0], mbps[iters - 1], iters);
                if (all_fit) printf("%.4f,", ratio); else printf(",");
                printf("%s\n", all_fit ? "" : "some blocks do not fit: compress time includes the failed attempts");
                fflush(stdout);
                free(mbps);
            }
            if (b.sink == 42) fprintf(stderr, " "); /* keep results observable */
            for (size_t k = 0; k < nblocks; k++) free(b.comp[k]);
            free(b.src);
            free(b.comp);
            free(b.comp_len);
            free(b.out);
            c->fini(b.st);
        }
    }
    free(data);
    return 0;
}
