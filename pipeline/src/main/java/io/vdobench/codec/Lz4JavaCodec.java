package io.vdobench.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 through lz4-java (the maintained {@code at.yawk.lz4} fork): its JNI instance or its
 * pure-Java safe instance. The fast compressor is {@code LZ4_compress_default}'s algorithm
 * (acceleration 1), what dm-vdo runs; only the <em>safe</em> decompressor is used, because the
 * fast one trusts its input. Output is a raw LZ4 block, as dm-vdo stores it.
 *
 * <p>Thread-safe: lz4-java's compressor and decompressor instances are stateless.
 */
public final class Lz4JavaCodec implements Codec {
    /** Which lz4-java instance runs. */
    public enum Impl { JNI, JAVA }

    private final CodecInfo info;
    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;
    private volatile boolean closed;

    public Lz4JavaCodec(Impl impl) {
        String variant = "impl=" + impl.name().toLowerCase(java.util.Locale.ROOT);
        LZ4Factory factory = null;
        String reason = "";
        try {
            factory = impl == Impl.JNI ? LZ4Factory.nativeInstance() : LZ4Factory.safeInstance();
        } catch (Throwable t) { // lz4-java throws AssertionError/UnsatisfiedLinkError when its JNI part cannot load
            reason = "lz4-java " + impl + " instance cannot load: " + t;
        }
        String library = "lz4-java " + (impl == Impl.JNI ? "(JNI, bundled liblz4)" : "(pure Java, safe)");
        if (factory == null) {
            info = CodecInfo.unavailable("lz4", variant, CompressionAlgorithm.LZ4, library, reason);
            compressor = null;
            decompressor = null;
        } else {
            info = CodecInfo.available("lz4", variant, CompressionAlgorithm.LZ4,
                    impl == Impl.JNI ? ExecutionPath.JNI : ExecutionPath.JAVA, library, libraryVersion());
            compressor = factory.fastCompressor();
            decompressor = factory.safeDecompressor();
        }
    }

    @Override
    public CodecInfo info() {
        return info;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        checkUsable();
        try {
            int n = compressor.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
            return n > 0 ? n : DOES_NOT_FIT;
        } catch (LZ4Exception e) {
            // lz4-java signals "maxDestLen too small" with LZ4Exception: that is LZ4_compress_default returning 0.
            return DOES_NOT_FIT;
        }
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        checkUsable();
        int n;
        try {
            n = decompressor.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
        } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
            throw new CorruptFragmentException("lz4: malformed block (" + srcLen + " bytes): " + e.getMessage(), e);
        }
        if (n != expectedLength) {
            throw new CorruptFragmentException("lz4: block decodes to " + n + " bytes, expected " + expectedLength);
        }
    }

    private void checkUsable() {
        if (compressor == null) {
            throw new CodecUnavailableException(info.id() + " unavailable: " + info.reason());
        }
        if (closed) {
            throw new CodecUnavailableException(info.id() + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The lz4-java artifact version, from its Maven metadata. */
    static String libraryVersion() {
        try (InputStream in = LZ4Factory.class.getResourceAsStream(
                "/META-INF/maven/at.yawk.lz4/lz4-java/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String v = LZ4Factory.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
