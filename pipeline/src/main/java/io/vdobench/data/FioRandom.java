package io.vdobench.data;

/**
 * fio's {@code struct frand_state}: the combined Tausworthe generator fio uses for every random
 * stream (offsets, block sizes, buffer seeds, dedupe decisions). Either taus88 (three 32-bit
 * components, fio's default {@code random_generator=tausworthe}) or taus258 (five 64-bit components,
 * {@code random_generator=tausworthe64}).
 *
 * <p>Re-implemented from the description in fio 3.33 {@code lib/rand.h}/{@code lib/rand.c}
 * (L'Ecuyer 1996 / 1999). Mutable and allocation-free; not thread-safe (fio keeps one per job).
 */
public final class FioRandom {
    /** fio's seeding LCG starts from {@code (2^31) + (2^17) + (2^7)}, which C parses as XORs: 29+19+5. */
    static final int LCG_START = (2 ^ 31) + (2 ^ 17) + (2 ^ 7);

    private boolean use64;
    // taus88 state (unsigned 32-bit in C)
    private int t1;
    private int t2;
    private int t3;
    // taus258 state
    private long u1;
    private long u2;
    private long u3;
    private long u4;
    private long u5;

    /** A generator seeded like fio's {@code init_rand_seed(state, seed, use64)}. */
    public FioRandom(long seed, boolean use64) {
        seed(seed, use64);
    }

    /** Re-seeds in place (fio {@code init_rand_seed}); the 32-bit variant uses only the low 32 bits. */
    public void seed(long seed, boolean use64) {
        this.use64 = use64;
        if (use64) {
            u1 = seed64(LCG_START * 6906969069L ^ seed, 1);
            u2 = seed64(u1 * 6906969069L ^ seed, 7);
            u3 = seed64(u2 * 6906969069L ^ seed, 15);
            u4 = seed64(u3 * 6906969069L ^ seed, 33);
            u5 = seed64(u4 * 6906969069L ^ seed, 49);
            for (int i = 0; i < 6; i++) {
                next64();
            }
        } else {
            int s = (int) seed;
            t1 = seed32(LCG_START * 69069 ^ s, 1);
            t2 = seed32(t1 * 69069 ^ s, 7);
            t3 = seed32(t2 * 69069 ^ s, 15);
            for (int i = 0; i < 6; i++) {
                next32();
            }
        }
    }

    /** Copies {@code other}'s full state into this one (fio {@code frand_copy}). */
    public void copyFrom(FioRandom other) {
        use64 = other.use64;
        t1 = other.t1;
        t2 = other.t2;
        t3 = other.t3;
        u1 = other.u1;
        u2 = other.u2;
        u3 = other.u3;
        u4 = other.u4;
        u5 = other.u5;
    }

    public boolean is64() {
        return use64;
    }

    /** One raw draw (fio {@code __rand}): unsigned 32-bit value zero-extended, or a 64-bit value. */
    public long next() {
        return use64 ? next64() : Integer.toUnsignedLong(next32());
    }

    /**
     * fio {@code __get_next_seed} on a 64-bit host: the product of two consecutive draws. This is
     * the seed of one buffer chunk.
     */
    public long nextSeed() {
        long r = next();
        return r * next();
    }

    /** fio {@code rand_between(state, start, end)}, both inclusive. */
    public long between(long start, long end) {
        long span = end - start + 1;
        if (use64) {
            long r = next64();
            return start + (long) ((double) span * (unsignedToDouble(r) / 18446744073709551616.0));
        }
        long r = Integer.toUnsignedLong(next32());
        return start + (long) ((double) (span & 0xFFFFFFFFL) * (r / 4294967296.0));
    }

    private static double unsignedToDouble(long v) {
        // Round-to-nearest like C's uint64 -> double conversion (keep the sticky low bit).
        return v >= 0 ? (double) v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    int next32() {
        t1 = taus(t1, 13, 19, 0xFFFFFFFE, 12);
        t2 = taus(t2, 2, 25, 0xFFFFFFF8, 4);
        t3 = taus(t3, 3, 11, 0xFFFFFFF0, 17);
        return t1 ^ t2 ^ t3;
    }

    long next64() {
        u1 = ((u1 & 0xFFFFFFFFFFFFFFFEL) << 10) ^ (((u1 << 1) ^ u1) >>> 53);
        u2 = ((u2 & 0xFFFFFFFFFFFFFE00L) << 5) ^ (((u2 << 24) ^ u2) >>> 50);
        u3 = ((u3 & 0xFFFFFFFFFFFFF000L) << 29) ^ (((u3 << 3) ^ u3) >>> 23);
        u4 = ((u4 & 0xFFFFFFFFFFFE0000L) << 23) ^ (((u4 << 5) ^ u4) >>> 24);
        u5 = ((u5 & 0xFFFFFFFFFF800000L) << 8) ^ (((u5 << 3) ^ u5) >>> 33);
        return u1 ^ u2 ^ u3 ^ u4 ^ u5;
    }

    static int taus(int s, int a, int b, int c, int d) {
        return ((s & c) << d) ^ (((s << a) ^ s) >>> b);
    }

    /** fio {@code __seed}: components below their minimum are lifted (the 1999 erratum). */
    static int seed32(int x, int m) {
        return Integer.compareUnsigned(x, m) < 0 ? x + m : x;
    }

    static long seed64(long x, long m) {
        return Long.compareUnsigned(x, m) < 0 ? x + m : x;
    }
}
