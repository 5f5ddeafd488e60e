package io.vdobench.codec;

/**
 * TEST ONLY: a codec that does every {@code period}-th call twice (the second time into a scratch
 * buffer), so that it does exactly 1/period more of its own work: a planted, known effect that proves a
 * comparison finds what it claims to find (the speed gate's {@code -Dvdobench.slowdown}, the matrix's
 * {@code lz4-planted:F=…} policy). Deterministic: it repeats whole calls instead of spinning for a
 * measured time, because two clock reads per call are a large part of a 4 KiB LZ4 call and would plant
 * more than the stated fraction. The caller gets the output of the last call, byte for byte the inner
 * codec's. Safe for as many threads as the inner codec: each thread counts its own calls and has its own
 * scratch buffer (a volume's jobs share the policy's codec).
 */
public final class PlantedSlowdownCodec implements Codec {
    private final Codec inner;
    private final int period;
    private final boolean compress;
    private final boolean decompress;
    private final ThreadLocal<PerThread> state = ThreadLocal.withInitial(PerThread::new);

    /** One thread's call counts and scratch buffer. */
    private static final class PerThread {
        byte[] scratch = new byte[0];
        int compressCalls;
        int decompressCalls;

        byte[] scratch(int size) {
            if (scratch.length < size) {
                scratch = new byte[size];
            }
            return scratch;
        }
    }

    /**
     * @param period     every period-th call is done twice; 0 plants nothing
     * @param compress   slow {@code compress}
     * @param decompress slow {@code decompress}
     */
    public PlantedSlowdownCodec(Codec inner, int period, boolean compress, boolean decompress) {
        if (period < 0) {
            throw new IllegalArgumentException("period must be >= 0, got " + period);
        }
        this.inner = inner;
        this.period = period;
        this.compress = compress;
        this.decompress = decompress;
    }

    /**
     * The period that plants fraction {@code f} of extra work: round(1/f), 0 for f = 0.
     *
     * @throws IllegalArgumentException unless 0 <= f <= 1 (and f is 0 or at least 0.001)
     */
    public static int periodOf(double f) {
        if (f == 0) {
            return 0;
        }
        if (!(f >= 0.001 && f <= 1)) {
            throw new IllegalArgumentException("planted fraction must be 0 or in [0.001, 1], got " + f);
        }
        return (int) Math.round(1 / f);
    }

    /** The extra work really planted: 1/period. */
    public double fraction() {
        return period == 0 ? 0 : 1.0 / period;
    }

    @Override
    public CodecInfo info() {
        return inner.info();
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        if (compress && period > 0) {
            PerThread t = state.get();
            if (++t.compressCalls == period) {
                t.compressCalls = 0;
                inner.compress(src, srcOff, srcLen, t.scratch(dstCapacity), 0, dstCapacity);
            }
        }
        return inner.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        if (decompress && period > 0) {
            PerThread t = state.get();
            if (++t.decompressCalls == period) {
                t.decompressCalls = 0;
                inner.decompress(src, srcOff, srcLen, t.scratch(expectedLength), 0, expectedLength);
            }
        }
        inner.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
    }

    @Override
    public void close() {
        inner.close();
    }
}
