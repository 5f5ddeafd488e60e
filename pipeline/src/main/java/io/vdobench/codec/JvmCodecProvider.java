package io.vdobench.codec;

import java.util.List;

/** The backends that need no native code of ours: lz4-java (JNI and pure Java) and JDK zlib. */
public final class JvmCodecProvider implements CodecProvider {
    /** Levels offered for JDK zlib: fastest, zlib's default, best. */
    public static final int[] ZLIB_LEVELS = {1, 6, 9};

    @Override
    public List<Codec> codecs() {
        return List.of(
                new Lz4JavaCodec(Lz4JavaCodec.Impl.JNI),
                new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA),
                new JdkZlibCodec(ZLIB_LEVELS[0]),
                new JdkZlibCodec(ZLIB_LEVELS[1]),
                new JdkZlibCodec(ZLIB_LEVELS[2]));
    }
}
