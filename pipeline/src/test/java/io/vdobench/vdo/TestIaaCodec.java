package io.vdobench.vdo;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecFailureException;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.codec.JdkZlibCodec;

/**
 * A test double standing in for the QPL codec (which lives in the native module): raw DEFLATE by
 * the JDK's zlib, tagged DEFLATE_IAA, reporting the SOFTWARE path (never hardware). Its behaviour
 * can be switched to each failure the IAA policy must survive.
 */
public final class TestIaaCodec implements Codec {
    /** What compress does. */
    public enum Mode { WORKS, UNAVAILABLE, INIT_FAILS, ERRORS, NEVER_FITS }

    private final JdkZlibCodec zlib = new JdkZlibCodec(6);
    private volatile Mode mode;
    private volatile boolean decompressFails;
    private final CodecInfo available = CodecInfo.available("test-iaa", "double=jdk-zlib", CompressionAlgorithm.DEFLATE_IAA,
            ExecutionPath.SOFTWARE, "test double over java.util.zip", "test");
    private final CodecInfo unavailable = CodecInfo.unavailable("test-iaa", "double=jdk-zlib", CompressionAlgorithm.DEFLATE_IAA,
            "test double", "switched off by the test");

    public TestIaaCodec(Mode mode) {
        this.mode = mode;
    }

    public void setMode(Mode m) {
        mode = m;
    }

    public void setDecompressFails(boolean fails) {
        decompressFails = fails;
    }

    @Override
    public CodecInfo info() {
        return mode == Mode.UNAVAILABLE ? unavailable : available;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        return switch (mode) {
            case WORKS -> zlib.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
            case UNAVAILABLE, INIT_FAILS -> throw new CodecUnavailableException("test-iaa: job init failed");
            case ERRORS -> throw new CodecFailureException("test-iaa: injected library error", 1);
            case NEVER_FITS -> DOES_NOT_FIT;
        };
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        if (mode == Mode.UNAVAILABLE) {
            throw new CodecUnavailableException("test-iaa unavailable");
        }
        if (decompressFails) {
            throw new CodecFailureException("test-iaa: decompress failed", 0x0a);
        }
        zlib.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
    }

    @Override
    public void close() {
        zlib.close();
    }
}
