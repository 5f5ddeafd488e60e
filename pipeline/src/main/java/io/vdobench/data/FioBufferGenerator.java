package io.vdobench.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Byte-exact re-implementation of fio 3.33's write-buffer contents (x86-64 build, default
 * {@code CONFIG_SEED_BUCKETS=4}): {@code buffer_compress_percentage}, {@code buffer_compress_chunk},
 * {@code refill_buffers}, {@code buffer_pattern} (as the non-random filler) and
 * {@code dedupe_percentage} with {@code dedupe_mode=repeat} or {@code working_set} (per job, not
 * {@code dedupe_global}). Not reproduced: {@code scramble_buffers}, which fio applies only when
 * neither compression, dedupe nor verify is set (it stamps offset and time into every 512-byte
 * sector), and {@code verify} patterns.
 *
 * <p>How fio builds a buffer ({@code io_u.c fill_io_buffer}): the buffer is cut into chunks of
 * {@code min_not_zero(min(min_bs, left), buffer_compress_chunk)} bytes. Every chunk takes one
 * 64-bit seed from the job's buffer generator ({@link FioRandom#nextSeed()}, the product of two
 * Tausworthe draws). The first {@code floor(chunk * (100 - P) / 100)} bytes of the chunk are the
 * seed's pseudo-random fill ({@link #fillRandom}), the rest zeros or the repeated pattern.
 *
 * <p>The random fill ({@code lib/rand.c __fill_random_buf}) writes 64-bit little-endian words from
 * four interleaved lanes: lane {@code p} starts at {@code seed * {1,2,3,5}[p]} and is multiplied
 * by {@link #GOLDEN_RATIO_64} after every word; so the first 8 bytes of a chunk are the seed itself.
 * Words left over after the last full group of four, and a byte tail, continue lane 0.
 *
 * <p>Instances model one fio job ({@code thread_data}) and are not thread-safe; the static
 * methods are pure and allocation-free.
 */
public final class FioBufferGenerator {
    /** fio's {@code CONFIG_SEED_BUCKETS} default (configure, fio 3.31+). */
    public static final int SEED_BUCKETS = 4;
    /** Multiplier of fio's {@code __hash_u64} (Knuth's golden ratio, 64 bits). */
    public static final long GOLDEN_RATIO_64 = 0x61C8864680B583EBL;
    /** fio's {@code randseed} default (options.c {@code .def = "0x89"}). */
    public static final long FIO_DEFAULT_RANDSEED = 0x89;
    /** Index of the buffer-contents stream in fio's {@code rand_seeds[]} ({@code FIO_RAND_BUF_OFF}). */
    public static final int FIO_RAND_BUF_OFF = 9;
    /** Index of the dedupe-decision stream ({@code FIO_DEDUPE_OFF}). */
    public static final int FIO_DEDUPE_OFF = 14;
    /** Index of the working-set index stream ({@code FIO_RAND_DEDUPE_WORKING_SET_IX}). */
    public static final int FIO_RAND_DEDUPE_WORKING_SET_IX = 20;
    /** Multiplier fio's {@code setup_random_seeds} scrambles {@code randseed} with. */
    static final long SEED_SCRAMBLE = 0x9e370001L;

    private static final long[] PRIMES = {1, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47};
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** fio's {@code dedupe_mode}. */
    public enum DedupeMode { REPEAT, WORKING_SET }

    /**
     * The job options that shape buffer contents, as written in a fio job file (before fio's own
     * normalisation, which {@link FioBufferGenerator} applies).
     *
     * @param compressPercentage {@code buffer_compress_percentage} 0..100
     * @param compressChunk      {@code buffer_compress_chunk} (fio default 512; 0 = whole buffer)
     * @param pattern            {@code buffer_pattern} bytes, or empty for zeros
     * @param dedupePercentage   {@code dedupe_percentage} 0..100
     * @param dedupeMode         {@code dedupe_mode}
     * @param workingSetPercentage {@code dedupe_working_set_percentage} (fio default 5)
     * @param tausworthe64       {@code random_generator=tausworthe64}
     */
    public record Options(int compressPercentage, int compressChunk, byte[] pattern, int dedupePercentage,
                          DedupeMode dedupeMode, int workingSetPercentage, boolean tausworthe64) {
        public Options {
            if (compressPercentage < 0 || compressPercentage > 100) {
                throw new IllegalArgumentException("buffer_compress_percentage must be 0..100: " + compressPercentage);
            }
            if (dedupePercentage < 0 || dedupePercentage > 100) {
                throw new IllegalArgumentException("dedupe_percentage must be 0..100: " + dedupePercentage);
            }
            if (compressChunk < 0) {
                throw new IllegalArgumentException("buffer_compress_chunk must be >= 0: " + compressChunk);
            }
            pattern = pattern == null ? new byte[0] : pattern.clone();
            Objects.requireNonNull(dedupeMode, "dedupeMode");
            if (workingSetPercentage < 0 || workingSetPercentage > 100) {
                throw new IllegalArgumentException("dedupe_working_set_percentage must be 0..100: " + workingSetPercentage);
            }
            if (dedupeMode == DedupeMode.WORKING_SET && dedupePercentage > 0
                    && workingSetPercentage + dedupePercentage > 100) {
                // fio refuses this combination too (init.c fixup_options)
                throw new IllegalArgumentException("dedupe_working_set_percentage + dedupe_percentage must be <= 100");
            }
        }

        /** {@code buffer_compress_percentage=P}, fio defaults otherwise. */
        public static Options compress(int percentage) {
            return new Options(percentage, FioData.DEFAULT_CHUNK, null, 0, DedupeMode.REPEAT, 5, false);
        }

        public Options withChunk(int chunk) {
            return new Options(compressPercentage, chunk, pattern, dedupePercentage, dedupeMode, workingSetPercentage,
                    tausworthe64);
        }

        public Options withPattern(byte[] p) {
            return new Options(compressPercentage, compressChunk, p, dedupePercentage, dedupeMode, workingSetPercentage,
                    tausworthe64);
        }

        /** {@code dedupe_percentage=percentage}, {@code dedupe_mode=repeat}. */
        public Options withDedupe(int percentage) {
            return new Options(compressPercentage, compressChunk, pattern, percentage, DedupeMode.REPEAT,
                    workingSetPercentage, tausworthe64);
        }

        /** {@code dedupe_percentage=percentage}, {@code dedupe_mode=working_set}. */
        public Options withWorkingSetDedupe(int percentage, int workingSet) {
            return new Options(compressPercentage, compressChunk, pattern, percentage, DedupeMode.WORKING_SET,
                    workingSet, tausworthe64);
        }

        public Options withTausworthe64(boolean t64) {
            return new Options(compressPercentage, compressChunk, pattern, dedupePercentage, dedupeMode,
                    workingSetPercentage, t64);
        }

        @Override
        public byte[] pattern() {
            return pattern.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options x && x.compressPercentage == compressPercentage
                    && x.compressChunk == compressChunk && Arrays.equals(x.pattern, pattern)
                    && x.dedupePercentage == dedupePercentage && x.dedupeMode == dedupeMode
                    && x.workingSetPercentage == workingSetPercentage && x.tausworthe64 == tausworthe64;
        }

        @Override
        public int hashCode() {
            return Objects.hash(compressPercentage, compressChunk, Arrays.hashCode(pattern), dedupePercentage,
                    dedupeMode, workingSetPercentage, tausworthe64);
        }

        @Override
        public String toString() {
            return "buffer_compress_percentage=" + compressPercentage + " buffer_compress_chunk=" + compressChunk
                    + (pattern.length > 0 ? " buffer_pattern=<" + pattern.length + " bytes>" : "")
                    + (dedupePercentage > 0 ? " dedupe_percentage=" + dedupePercentage + " dedupe_mode="
                    + dedupeMode.name().toLowerCase(java.util.Locale.ROOT)
                    + (dedupeMode == DedupeMode.WORKING_SET ? " dedupe_working_set_percentage=" + workingSetPercentage
                    : "") : "")
                    + (tausworthe64 ? " random_generator=tausworthe64" : "");
        }
    }

    // Normalised as fio's fixup_options does: P=100 becomes zero_buffers with P=0.
    private final int percentage;
    private final boolean zeroBuffers;
    private final int chunk;
    private final byte[] pattern;
    private final int dedupePercentage;
    private final FioRandom bufState;
    private final FioRandom bufStatePrev;
    private final FioRandom bufStateRet;
    private final FioRandom dedupeState;
    private final boolean workingSet;
    private final FioRandom workingSetIndexState;
    private final FioRandom[] workingSetStates;

    private FioBufferGenerator(Options o, long bufSeed, long dedupeSeed, long workingSetIndexSeed, long jobSize,
                               long minBs) {
        this.zeroBuffers = o.compressPercentage() == 100;
        this.percentage = zeroBuffers ? 0 : o.compressPercentage();
        this.chunk = o.compressChunk();
        this.pattern = o.pattern();
        this.dedupePercentage = o.dedupePercentage();
        this.bufState = new FioRandom(bufSeed, o.tausworthe64());
        this.bufStatePrev = new FioRandom(bufSeed, o.tausworthe64());
        this.bufStateRet = new FioRandom(bufSeed, o.tausworthe64());
        this.dedupeState = new FioRandom(dedupeSeed, false); // fio always uses taus88 here
        this.workingSet = o.dedupePercentage() > 0 && o.dedupeMode() == DedupeMode.WORKING_SET;
        this.workingSetIndexState = new FioRandom(workingSetIndexSeed, o.tausworthe64());
        this.workingSetStates = workingSet ? workingSetStates(o, jobSize, minBs) : new FioRandom[0];
    }

    /**
     * fio {@code init_dedupe_working_set_seeds} (per job): the buffer generator's state before each of
     * the first {@code size * working_set% / 100 / min_bs} unique buffers of the job.
     */
    private FioRandom[] workingSetStates(Options o, long jobSize, long minBs) {
        if (jobSize <= 0 || minBs <= 0) {
            throw new IllegalArgumentException("dedupe_mode=working_set needs the job's size and min block size"
                    + " (fio requires size= too); use forJob(options, randseed, thread, size, minBs)");
        }
        long pages = jobSize * o.workingSetPercentage() / 100 / minBs;
        if (pages < 1 || pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("working set of " + pages + " pages: size " + jobSize + " x "
                    + o.workingSetPercentage() + " % / " + minBs + " must give 1.." + Integer.MAX_VALUE + " pages");
        }
        long advancements = minBs / minNotZero(minBs, o.compressChunk());
        FioRandom walk = new FioRandom(0, o.tausworthe64());
        walk.copyFrom(bufState);
        FioRandom[] states = new FioRandom[(int) pages];
        for (int i = 0; i < states.length; i++) {
            if (i > 0) {
                for (long j = 0; j < advancements; j++) {
                    walk.nextSeed();
                }
            }
            states[i] = new FioRandom(0, o.tausworthe64());
            states[i].copyFrom(walk);
        }
        return states;
    }

    /**
     * The generator of job number {@code threadNumber} (1-based, as fio numbers jobs including
     * every {@code numjobs} clone) in a run with {@code randseed=randseed}. Without an explicit
     * {@code randseed} fio uses {@link #FIO_DEFAULT_RANDSEED} (while {@code randrepeat=1}).
     */
    public static FioBufferGenerator forJob(Options options, long randseed, int threadNumber) {
        return forJob(options, randseed, threadNumber, 0, 0);
    }

    /**
     * As {@link #forJob(Options, long, int)}, with the job's {@code size} and write {@code min_bs} in
     * bytes, which {@code dedupe_mode=working_set} needs to size its working set.
     */
    public static FioBufferGenerator forJob(Options options, long randseed, int threadNumber, long jobSize,
                                            long minBs) {
        if (threadNumber < 1) {
            throw new IllegalArgumentException("fio thread numbers start at 1: " + threadNumber);
        }
        return new FioBufferGenerator(options, jobSeed(randseed, threadNumber, FIO_RAND_BUF_OFF),
                jobSeed(randseed, threadNumber, FIO_DEDUPE_OFF),
                jobSeed(randseed, threadNumber, FIO_RAND_DEDUPE_WORKING_SET_IX), jobSize, minBs);
    }

    /**
     * fio {@code setup_random_seeds} with a fixed seed: {@code randseed} is multiplied by
     * {@code 0x9e370001} four times, then once more per stream index, and stream {@code i} gets
     * {@code seed * threadNumber + i}.
     */
    public static long jobSeed(long randseed, int threadNumber, int streamIndex) {
        long seed = randseed;
        for (int i = 0; i < 4 + streamIndex; i++) {
            seed *= SEED_SCRAMBLE;
        }
        return seed * threadNumber + streamIndex;
    }

    /**
     * fio {@code fill_io_buffer(td, buf, min_write, max_bs)}: fills one write buffer of
     * {@code maxBs} bytes and advances the job's generators exactly as fio does.
     */
    public void fillBuffer(byte[] buf, int off, int maxBs, int minWrite) {
        Objects.checkFromIndexSize(off, maxBs, buf.length);
        if (minWrite <= 0) {
            throw new IllegalArgumentException("min_write (the job's min write block size) must be > 0: " + minWrite);
        }
        if (maxBs == 0) {
            return;
        }
        if (percentage != 0 || dedupePercentage != 0) {
            FioRandom rs = null;
            long left = maxBs;
            long minW = minWrite;
            int pos = off;
            do {
                if (rs == null) {
                    rs = bufStateFor();
                }
                minW = Math.min(minW, left);
                int thisWrite = (int) minNotZero(minW, chunk);
                fillPercentage(rs.nextSeed(), buf, pos, thisWrite, percentage, thisWrite, pattern);
                pos += thisWrite;
                left -= thisWrite;
                saveBufState(rs);
            } while (left > 0);
        } else if (pattern.length > 0) {
            copyPattern(pattern, buf, off, maxBs);
        } else if (zeroBuffers) {
            Arrays.fill(buf, off, off + maxBs, (byte) 0);
        } else {
            fillRandom(buf, off, maxBs, bufStateFor().nextSeed());
        }
    }

    /** fio {@code get_buf_state}: which generator the next buffer draws from (dedupe decision). */
    private FioRandom bufStateFor() {
        if (dedupePercentage == 0) {
            return bufState;
        }
        if (dedupePercentage == 100) {
            bufStatePrev.copyFrom(bufState);
            return bufState;
        }
        long v = dedupeState.between(1, 100);
        if (v <= dedupePercentage) {
            if (workingSet) {
                int i = (int) workingSetIndexState.between(0, workingSetStates.length - 1);
                bufStateRet.copyFrom(workingSetStates[i]);
            } else {
                bufStateRet.copyFrom(bufStatePrev);
            }
            return bufStateRet;
        }
        return bufState;
    }

    /** fio {@code save_buf_state}. */
    private void saveBufState(FioRandom rs) {
        if (dedupePercentage == 100) {
            rs.copyFrom(bufStatePrev);
        } else if (rs == bufState) {
            bufStatePrev.copyFrom(rs);
        }
    }

    private static long minNotZero(long a, long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        return Math.min(a, b);
    }

    /**
     * fio {@code __fill_random_buf}: {@code len} bytes derived from one 64-bit seed (four lanes,
     * lane 0 continues into the tail). Allocation-free.
     */
    public static void fillRandom(byte[] buf, int off, int len, long seed) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int words = len >>> 3;
        int laneWords = (words / SEED_BUCKETS) * SEED_BUCKETS;
        long s0 = seed;
        long s1 = seed * PRIMES[1];
        long s2 = seed * PRIMES[2];
        long s3 = seed * PRIMES[3];
        int p = off;
        int end = off + laneWords * 8;
        while (p < end) {
            LONG_LE.set(buf, p, s0);
            LONG_LE.set(buf, p + 8, s1);
            LONG_LE.set(buf, p + 16, s2);
            LONG_LE.set(buf, p + 24, s3);
            s0 *= GOLDEN_RATIO_64;
            s1 *= GOLDEN_RATIO_64;
            s2 *= GOLDEN_RATIO_64;
            s3 *= GOLDEN_RATIO_64;
            p += 32;
        }
        // __fill_random_buf_small: whole words from lane 0, then a byte tail of the next value.
        int tailEnd = off + len;
        while (p + 8 <= tailEnd) {
            LONG_LE.set(buf, p, s0);
            s0 *= GOLDEN_RATIO_64;
            p += 8;
        }
        for (int k = 0; p < tailEnd; k++) {
            buf[p++] = (byte) (s0 >>> (8 * k));
        }
    }

    /**
     * fio {@code __fill_random_buf_percentage(seed, buf, percentage, segment, len, pattern)}: per
     * segment, {@code floor(segment*(100-P)/100)} random bytes from {@code seed} then zeros (or the
     * pattern). fio calls it with {@code segment == len} (one chunk), which is the case that matters.
     */
    public static void fillPercentage(long seed, byte[] buf, int off, int len, int percentage, int segment,
                                      byte[] pattern) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("percentage must be 0..100: " + percentage);
        }
        if (percentage == 100) {
            fillFiller(pattern, buf, off, len);
            return;
        }
        if (len == 0) {
            return;
        }
        int seg = Math.min(segment, len);
        if (seg <= 0) {
            throw new IllegalArgumentException("segment must be > 0: " + segment);
        }
        int p = off;
        int left = len;
        while (left > 0) {
            int thisLen = (int) ((long) seg * (100 - percentage) / 100);
            if (thisLen > left) {
                thisLen = left;
            }
            fillRandom(buf, p, thisLen, seed);
            left -= thisLen;
            if (left == 0) {
                break;
            }
            p += thisLen;
            thisLen = seg - thisLen;
            if (thisLen > left) {
                thisLen = left;
            } else if (left - thisLen <= Long.BYTES) {
                thisLen = left;
            }
            fillFiller(pattern, buf, p, thisLen);
            left -= thisLen;
            p += thisLen;
        }
    }

    private static void fillFiller(byte[] pattern, byte[] buf, int off, int len) {
        if (pattern != null && pattern.length > 0) {
            copyPattern(pattern, buf, off, len);
        } else {
            Arrays.fill(buf, off, off + len, (byte) 0);
        }
    }

    /** fio {@code cpy_pattern}: the pattern repeated from the region start. */
    private static void copyPattern(byte[] pattern, byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            buf[off + i] = pattern[i % pattern.length];
        }
    }

    /**
     * Allocation-free fast path for the common case (no dedupe, no pattern, taus88): the stream of
     * write-buffer bytes of fio job 1 with {@code randseed=randseed}, cut into {@code chunk}-byte
     * chunks, from the first buffer fill on. Equal to {@code forJob(...).fillBuffer(buf, off, len,
     * len)} when {@code len} is the block size and a multiple of {@code chunk}.
     */
    public static void fillJobStream(byte[] buf, int off, int len, int percentage, int chunk, long randseed) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("percentage must be 0..100: " + percentage);
        }
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be > 0: " + chunk);
        }
        if (percentage == 100) {
            Arrays.fill(buf, off, off + len, (byte) 0);
            return;
        }
        // taus88 state of buf_state, seeded as fio's init_rand_seed(..., use64=false).
        int s = (int) jobSeed(randseed, 1, FIO_RAND_BUF_OFF);
        int t1 = FioRandom.seed32(FioRandom.LCG_START * 69069 ^ s, 1);
        int t2 = FioRandom.seed32(t1 * 69069 ^ s, 7);
        int t3 = FioRandom.seed32(t2 * 69069 ^ s, 15);
        for (int i = 0; i < 6; i++) {
            t1 = FioRandom.taus(t1, 13, 19, 0xFFFFFFFE, 12);
            t2 = FioRandom.taus(t2, 2, 25, 0xFFFFFFF8, 4);
            t3 = FioRandom.taus(t3, 3, 11, 0xFFFFFFF0, 17);
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            int thisWrite = Math.min(chunk, end - p);
            t1 = FioRandom.taus(t1, 13, 19, 0xFFFFFFFE, 12);
            t2 = FioRandom.taus(t2, 2, 25, 0xFFFFFFF8, 4);
            t3 = FioRandom.taus(t3, 3, 11, 0xFFFFFFF0, 17);
            long r1 = Integer.toUnsignedLong(t1 ^ t2 ^ t3);
            t1 = FioRandom.taus(t1, 13, 19, 0xFFFFFFFE, 12);
            t2 = FioRandom.taus(t2, 2, 25, 0xFFFFFFF8, 4);
            t3 = FioRandom.taus(t3, 3, 11, 0xFFFFFFF0, 17);
            long r2 = Integer.toUnsignedLong(t1 ^ t2 ^ t3);
            if (percentage == 0) {
                // No compression: fio fills the whole buffer from one seed (fill_random_buf).
                fillRandom(buf, off, len, r1 * r2);
                return;
            }
            fillPercentage(r1 * r2, buf, p, thisWrite, percentage, thisWrite, null);
            p += thisWrite;
        }
    }
}
