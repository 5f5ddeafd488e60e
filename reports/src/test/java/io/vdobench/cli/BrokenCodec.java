package io.vdobench.cli;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CorruptFragmentException;
import java.util.Locale;

/** A working codec with one deliberate fault, to prove the self-test can fail. */
final class BrokenCodec implements Codec {
    enum Fault { NONE, FLIP_OUTPUT_BYTE, WRITE_PAST_CAPACITY, NEVER_DOES_NOT_FIT, THROW_ON_DECOMPRESS }

    private final Codec inner;
    private final Fault fault;
    private final CodecInfo info;
    volatile boolean closed;

    BrokenCodec(Codec inner, Fault fault) {
        this.inner = inner;
        this.fault = fault;
        CodecInfo i = inner.info();
        this.info = CodecInfo.available("broken", "fault=" + fault.name().toLowerCase(Locale.ROOT), i.algorithm(),
                i.path(), i.library(), i.version());
    }

    @Override
    public CodecInfo info() {
        return info;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        int n = inner.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
        if (fault == Fault.WRITE_PAST_CAPACITY && dstOff + dstCapacity < dst.length) {
            dst[dstOff + dstCapacity] = 0x42;
        }
        if (fault == Fault.NEVER_DOES_NOT_FIT && n == DOES_NOT_FIT) {
            return dstCapacity;
        }
        return n;
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        if (fault == Fault.THROW_ON_DECOMPRESS) {
            throw new CorruptFragmentException("deliberate fault");
        }
        inner.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
        if (fault == Fault.FLIP_OUTPUT_BYTE) {
            dst[dstOff + expectedLength / 2] ^= 1;
        }
    }

    @Override
    public void close() {
        closed = true;
        inner.close();
    }
}
