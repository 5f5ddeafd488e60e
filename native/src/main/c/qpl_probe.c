/*
 * Reproduces, in plain C against the provisioned libqpl, the libqpl behaviours QplCodec works around,
 * and times the per-block job reset. Not part of the build; run by hand:
 *
 *   gcc -O2 -Inative/target/include native/src/main/c/qpl_probe.c -Lnative/target/lib -lqpl \
 *       -Wl,-rpath,"$PWD/native/target/lib" -o /tmp/qpl_probe && nice /tmp/qpl_probe
 *
 * Prints: (1) the hardware-path init status; (2) per variant, how many re-compressions of the same
 * 4 KiB block on a reused software job differ from a fresh job's output, and the time per block with
 * and without a qpl_init_job before each compress; (3) the input sizes at which software verification
 * fails; (4) the output headroom the software compressor needs beyond the stream it writes.
 */
#include <qpl/qpl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BLOCKS = 16, BLOCK = 4096, BIG = 131072 };

static unsigned char blocks[BLOCKS][BLOCK];
static unsigned char big[BIG];
static unsigned char out[BIG + 4096];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Word soup with some random bytes: compressible, like text or fio's 60 % data. */
static void fill(unsigned char *p, int n) {
    static const char *words[] = {"the ", "block ", "data ", "vdo ", "slab ", "hash ", "lock ", "packer "};
    int i = 0;
    while (i < n) {
        if (rand() % 3 == 0) {
            p[i++] = (unsigned char) rand();
        } else {
            const char *w = words[rand() % 8];
            for (int k = 0; w[k] && i < n; k++) {
                p[i++] = (unsigned char) w[k];
            }
        }
    }
}

static qpl_status compress(qpl_job *j, unsigned char *src, int n, int cap, int dyn, int level, int verify) {
    j->op = qpl_op_compress;
    j->level = level;
    j->next_in_ptr = src;
    j->available_in = n;
    j->next_out_ptr = out;
    j->available_out = cap;
    j->flags = QPL_FLAG_FIRST | QPL_FLAG_LAST | (dyn ? QPL_FLAG_DYNAMIC_HUFFMAN : 0) | (verify ? 0 : QPL_FLAG_OMIT_VERIFY);
    return qpl_execute_job(j);
}

int main(void) {
    printf("libqpl %s\n", qpl_get_library_version());
    uint32_t size = 0;
    qpl_get_job_size(qpl_path_hardware, &size);
    qpl_job *hw = aligned_alloc(64, (size + 63) / 64 * 64);
    qpl_status st = qpl_init_job(qpl_path_hardware, hw);
    printf("hardware qpl_init_job: %d\n", st);
    if (st == QPL_STS_OK) {
        qpl_fini_job(hw);
    }
    free(hw);

    srand(1);
    for (int b = 0; b < BLOCKS; b++) {
        fill(blocks[b], BLOCK);
    }
    fill(big, BIG);
    qpl_get_job_size(qpl_path_software, &size);
    qpl_job *j = aligned_alloc(64, (size + 63) / 64 * 64);
    printf("software job size: %u bytes\n", size);
    qpl_init_job(qpl_path_software, j);

    for (int dyn = 0; dyn < 2; dyn++) {
        for (int level = 1; level <= 3; level += 2) {
            int fresh[BLOCKS];
            for (int b = 0; b < BLOCKS; b++) {
                qpl_init_job(qpl_path_software, j);
                compress(j, blocks[b], BLOCK, sizeof out, dyn, level, 0);
                fresh[b] = (int) j->total_out;
            }
            int differ = 0;
            for (int r = 0; r < 50; r++) {
                int b = rand() % BLOCKS;
                compress(j, blocks[b], BLOCK, sizeof out, dyn, level, 0);
                differ += (int) j->total_out != fresh[b];
            }
            int n = 20000 / (level == 3 ? 5 : 1);
            double t0 = now();
            for (int i = 0; i < n; i++) {
                compress(j, blocks[i % BLOCKS], BLOCK, sizeof out, dyn, level, 0);
            }
            double t1 = now();
            for (int i = 0; i < n; i++) {
                qpl_init_job(qpl_path_software, j);
                compress(j, blocks[i % BLOCKS], BLOCK, sizeof out, dyn, level, 0);
            }
            double t2 = now();
            for (int i = 0; i < n; i++) {
                qpl_init_job(qpl_path_software, j);
            }
            double t3 = now();
            printf("%s level %d: reused job differs from fresh in %d/50; us/block reuse %.2f, init+compress %.2f, init alone %.2f\n",
                   dyn ? "dynamic" : "fixed  ", level, differ, (t1 - t0) / n * 1e6, (t2 - t1) / n * 1e6, (t3 - t2) / n * 1e6);
        }
    }

    const int sizes[] = {32768, 32769, 32800, 40000, 65536, 131072};
    printf("software verify (fixed, level 1):");
    for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        qpl_init_job(qpl_path_software, j);
        printf(" %d->%d", sizes[k], compress(j, big, sizes[k], sizeof out, 0, 1, 1));
    }
    printf("\n");

    int worst = 0;
    for (int dyn = 0; dyn < 2; dyn++) {
        for (int n = BLOCK; n <= BIG; n *= 2) {
            qpl_init_job(qpl_path_software, j);
            compress(j, big, n, sizeof out, dyn, 1, 0);
            int real = (int) j->total_out;
            for (int cap = real;; cap++) {
                qpl_init_job(qpl_path_software, j);
                st = compress(j, big, n, cap, dyn, 1, 0);
                if (st == QPL_STS_OK) {
                    if ((int) j->total_out != real) {
                        printf("  %s n=%d available_out=%d: OK but total_out=%u (real stream %d bytes)\n",
                               dyn ? "dynamic" : "fixed", n, cap, j->total_out, real);
                    }
                    worst = cap - real > worst ? cap - real : worst;
                    break;
                }
            }
        }
    }
    printf("output headroom needed beyond the stream: %d bytes at most\n", worst);
    qpl_fini_job(j);
    free(j);
    return 0;
}
