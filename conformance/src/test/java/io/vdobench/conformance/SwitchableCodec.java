package io.vdobench.conformance;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a real codec so a test can switch it off, as if the accelerator or libqpl had gone away: while
 * off it reports itself unavailable and refuses every call, counting attempts (which must stay 0 when
 * the pipeline honours {@code info().available()}).
 */
final class SwitchableCodec implements Codec {
    private final Codec delegate;
    private volatile boolean off;
    private final AtomicLong callsWhileOff = new AtomicLong();
    private final AtomicLong decompressCalls = new AtomicLong();

    SwitchableCodec(Codec delegate) {
        this.delegate = delegate;
    }

    void switchOff() {
        off = true;
    }

    long callsWhileOff() {
        return callsWhileOff.get();
    }

    long decompressCalls() {
        return decompressCalls.get();
    }

    @Override
    public CodecInfo info() {
        CodecInfo i = delegate.info();
        return off ? CodecInfo.unavailable(i.name(), i.variant(), i.algorithm(), i.library(), "switched off by the test") : i;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        refuseIfOff();
        return delegate.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        refuseIfOff();
        decompressCalls.incrementAndGet();
        delegate.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
    }

    private void refuseIfOff() {
        if (off) {
            callsWhileOff.incrementAndGet();
            throw new CodecUnavailableException(delegate.id() + " switched off by the test");
        }
    }

    @Override
    public void close() {
        // the registry owns the delegate
    }
}
