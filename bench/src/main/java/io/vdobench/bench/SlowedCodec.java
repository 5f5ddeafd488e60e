package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;

/**
 * Test-only knob that proves the regression gate works: wraps a codec and does every
 * {@code round(1 / fraction)}-th call twice (the second time into a scratch buffer), so the codec does
 * exactly that fraction more of its own work. Enabled by {@code -Dvdobench.slowdown=0.10} (optionally
 * {@code -Dvdobench.slowdown.codec=<id prefix>}); never active otherwise.
 *
 * <p>Why repeat rather than spin for a measured time: timing each call costs two clock reads, which are a
 * large part of a 4 KiB LZ4 decompress (a spinning knob set to 10 % slowed it by 20 % or more), so the
 * planted effect would be larger than its name. Repeating whole calls adds only the codec's own work.
 */
final class SlowedCodec implements Codec {
    private final Codec inner;
    private final int period;
    private byte[] scratch = new byte[0];
    private int compressCalls;
    private int decompressCalls;

    private SlowedCodec(Codec inner, int period) {
        this.inner = inner;
        this.period = period;
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
        if (!(fraction >= 0.01 && fraction <= 1)) {
            throw new IllegalArgumentException("vdobench.slowdown must be in [0.01, 1], got " + f);
        }
        int period = (int) Math.round(1 / fraction);
        System.out.printf("# TEST KNOB: %s does every %d-th call twice (%.1f%% more work)%n", codec.id(), period,
                100.0 / period);
        return new SlowedCodec(codec, period);
    }


    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[size];
        }
        return scratch;
    }

    @Override
    public CodecInfo info() {
        return inner.info();
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        if (++compressCalls == period) {
            compressCalls = 0;
            inner.compress(src, srcOff, srcLen, scratch(dstCapacity), 0, dstCapacity);
        }
        return inner.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        if (++decompressCalls == period) {
            decompressCalls = 0;
            inner.decompress(src, srcOff, srcLen, scratch(expectedLength), 0, expectedLength);
        }
        inner.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
    }

    @Override
    public void close() {
        inner.close();
    }
}
