package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;

/**
 * Test-only knob that proves the regression gate works: wraps a codec and, after every call, spins for
 * {@code fraction} of the time the call took, so the codec runs exactly that much slower.
 * Enabled by {@code -Dvdobench.slowdown=0.10} (optionally {@code -Dvdobench.slowdown.codec=<id prefix>});
 * never active otherwise. Spinning (not sleeping) keeps the extra time exact at microsecond scale.
 */
final class SlowedCodec implements Codec {
    private final Codec inner;
    private final double fraction;

    private SlowedCodec(Codec inner, double fraction) {
        this.inner = inner;
        this.fraction = fraction;
    }

    /** {@code codec}, slowed if the system properties ask for it. */
    static Codec maybeSlow(Codec codec) {
        String f = System.getProperty("vdobench.slowdown");
        if (f == null || f.isBlank()) {
            return codec;
        }
        String only = System.getProperty("vdobench.slowdown.codec", "");
        if (!codec.id().startsWith(only)) {
            return codec;
        }
        double fraction = Double.parseDouble(f);
        if (!(fraction > 0 && fraction < 10)) {
            throw new IllegalArgumentException("vdobench.slowdown must be in (0, 10), got " + f);
        }
        System.out.printf("# TEST KNOB: %s slowed by %.1f%%%n", codec.id(), 100 * fraction);
        return new SlowedCodec(codec, fraction);
    }

    private void spinAfter(long start) {
        long end = System.nanoTime();
        long until = end + (long) ((end - start) * fraction);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Override
    public CodecInfo info() {
        return inner.info();
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        long t = System.nanoTime();
        int n = inner.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
        spinAfter(t);
        return n;
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        long t = System.nanoTime();
        inner.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
        spinAfter(t);
    }

    @Override
    public void close() {
        inner.close();
    }
}
