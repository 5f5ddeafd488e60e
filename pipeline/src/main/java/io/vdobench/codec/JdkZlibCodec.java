package io.vdobench.codec;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE through the JDK's bundled zlib: {@code Deflater(level, nowrap=true)} and
 * {@code Inflater(nowrap=true)}. The JDK always uses a 32 KiB window (-MAX_WBITS), which matters
 * only for inputs larger than 4 KiB: such streams may carry distances IAA cannot decode.
 *
 * <p>Thread-safe: one Deflater/Inflater pair per concurrently active thread, pooled.
 */
public final class JdkZlibCodec implements Codec {
    private final CodecInfo info;
    private final int level;
    private final StatePool<Deflater> deflaters;
    private final StatePool<Inflater> inflaters;
    private final ThreadLocal<byte[]> probe = ThreadLocal.withInitial(() -> new byte[1]);

    /** @param level 1..9 */
    public JdkZlibCodec(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("zlib level must be 1..9, got " + level);
        }
        this.level = level;
        this.info = CodecInfo.available("zlib", "impl=jdk,level=" + level, CompressionAlgorithm.DEFLATE_CPU,
                ExecutionPath.JDK, "java.util.zip (32 KiB window)", ZLIB_VERSION);
        this.deflaters = new StatePool<>(info.id(), () -> new Deflater(this.level, true), Deflater::end);
        this.inflaters = new StatePool<>(info.id(), () -> new Inflater(true), Inflater::end);
    }

    @Override
    public CodecInfo info() {
        return info;
    }

    public int level() {
        return level;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        Deflater d = deflaters.acquire();
        try {
            d.reset();
            d.setInput(src, srcOff, srcLen);
            d.finish();
            int n = d.deflate(dst, dstOff, dstCapacity);
            return d.finished() && n > 0 ? n : DOES_NOT_FIT;
        } finally {
            deflaters.release(d);
        }
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        Inflater inf = inflaters.acquire();
        try {
            inf.reset();
            inf.setInput(src, srcOff, srcLen);
            int n = inf.inflate(dst, dstOff, expectedLength);
            if (n != expectedLength) {
                throw new CorruptFragmentException("zlib: stream " + (inf.finished() ? "ends" : "is truncated")
                        + " after " + n + " bytes, expected " + expectedLength);
            }
            if (!inf.finished()) {
                // Exactly the expected bytes came out; the stream must now end without more output.
                byte[] one = probe.get();
                int extra = inf.inflate(one, 0, 1);
                if (extra > 0) {
                    throw new CorruptFragmentException("zlib: stream decodes to more than " + expectedLength + " bytes");
                }
                if (!inf.finished()) {
                    throw new CorruptFragmentException("zlib: stream is truncated (no end of final block)");
                }
            }
            if (inf.getRemaining() != 0) {
                throw new CorruptFragmentException("zlib: " + inf.getRemaining() + " trailing bytes after the stream");
            }
        } catch (DataFormatException e) {
            throw new CorruptFragmentException("zlib: malformed stream: " + e.getMessage(), e);
        } finally {
            inflaters.release(inf);
        }
    }

    @Override
    public void close() {
        deflaters.close();
        inflaters.close();
    }

    /**
     * The zlib that java.util.zip runs, named by the version string zlib compiles into itself
     * ({@code " deflate 1.3.1 Copyright ..."}): the JDK's libzip either bundles zlib or links the
     * system's. This, not the JDK build, is what decides the bytes a Deflater writes.
     */
    private static final String ZLIB_VERSION = findZlibVersion();

    private static String findZlibVersion() {
        java.nio.file.Path libzip = java.nio.file.Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        String bundled = deflateVersionIn(libzip);
        if (bundled != null) {
            return "zlib " + bundled + " (bundled in the JDK's libzip)";
        }
        try (java.util.stream.Stream<String> maps = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            java.util.Optional<String> libz = maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.contains("/libz.so")).findFirst();
            if (libz.isPresent()) {
                String system = deflateVersionIn(java.nio.file.Path.of(libz.get()));
                if (system != null) {
                    return "zlib " + system + " (" + libz.get() + ", linked by the JDK)";
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: fall through
        }
        return "zlib of JDK " + Runtime.version() + " (version not found)";
    }

    private static String deflateVersionIn(java.nio.file.Path lib) {
        try {
            String text = new String(java.nio.file.Files.readAllBytes(lib), java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" deflate ([0-9][0-9.]*[0-9a-z.-]*) Copyright")
                    .matcher(text);
            return m.find() ? m.group(1) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
