package io.vdobench.codec;

import java.util.Objects;

/**
 * What a backend is and where it runs.
 *
 * @param name      codec family as typed by users: {@code lz4}, {@code qpl}, {@code zlib}, {@code isal}, {@code libdeflate}
 * @param variant   options spelled out, e.g. {@code impl=jni} or {@code path=software,huffman=fixed,level=default}
 * @param algorithm on-disk algorithm tag of its fragments
 * @param available whether {@link Codec#compress}/{@link Codec#decompress} can run
 * @param path      the path that actually executes ({@link ExecutionPath#NONE} when unavailable)
 * @param library   the library behind it, e.g. {@code libqpl.so (vdobench-built from libqpl-dev)}
 * @param version   the library's own version string, or {@code "unknown"}
 * @param reason    why it is unavailable, or {@code ""}
 */
public record CodecInfo(String name, String variant, CompressionAlgorithm algorithm, boolean available,
                        ExecutionPath path, String library, String version, String reason) {

    public CodecInfo {
        Objects.requireNonNull(name);
        Objects.requireNonNull(variant);
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(path);
        library = library == null ? "" : library;
        version = version == null ? "unknown" : version;
        reason = reason == null ? "" : reason;
        if (!available && path != ExecutionPath.NONE) {
            throw new IllegalArgumentException("an unavailable codec executes nowhere");
        }
    }

    /** {@code name:variant}, or {@code name} when there are no options. */
    public String id() {
        return variant.isEmpty() ? name : name + ":" + variant;
    }

    public static CodecInfo available(String name, String variant, CompressionAlgorithm algorithm,
                                      ExecutionPath path, String library, String version) {
        return new CodecInfo(name, variant, algorithm, true, path, library, version, "");
    }

    public static CodecInfo unavailable(String name, String variant, CompressionAlgorithm algorithm,
                                        String library, String reason) {
        return new CodecInfo(name, variant, algorithm, false, ExecutionPath.NONE, library, "unknown", reason);
    }
}
