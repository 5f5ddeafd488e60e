package io.vdobench.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The registry of every backend on the class path, found through {@link CodecProvider}.
 * Owns the codecs it created: {@link #close()} releases their native state.
 */
public final class Codecs implements AutoCloseable {
    /**
     * The LZ4 implementations the pipeline uses by default, best first. The order is a measurement:
     * CodecBench shows liblz4 over FFM decompressing 4 KiB blocks at about twice lz4-java's JNI rate
     * and compressing at par, and the pure-Java instance far behind (README, "Performance").
     */
    public static final List<String> LZ4_PREFERENCE = List.of("lz4:impl=ffm", "lz4:impl=jni", "lz4:impl=java");

    /** A codec chosen from a preference list, and why: what was skipped and for which reason. */
    public record Selection(Codec codec, String note) {
    }

    private final List<Codec> codecs;

    private Codecs(List<Codec> codecs) {
        this.codecs = Collections.unmodifiableList(codecs);
    }

    /** Loads every provider visible to this class's loader. */
    public static Codecs load() {
        List<Codec> all = new ArrayList<>();
        for (CodecProvider p : ServiceLoader.load(CodecProvider.class, Codecs.class.getClassLoader())) {
            all.addAll(p.codecs());
        }
        return new Codecs(all);
    }

    public List<Codec> all() {
        return codecs;
    }

    public List<Codec> available() {
        return codecs.stream().filter(c -> c.info().available()).toList();
    }

    /** Finds a codec by its id ({@code name:variant}), or by bare name for the first variant of that name. */
    public Optional<Codec> find(String id) {
        for (Codec c : codecs) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        for (Codec c : codecs) {
            if (c.info().name().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but fails with the list of known ids. */
    public Codec require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown codec '" + id + "'; known: " + codecs.stream().map(Codec::id).toList()));
    }

    /**
     * The pipeline's default LZ4: the first available of {@link #LZ4_PREFERENCE}. When liblz4 cannot be
     * loaded this falls back to lz4-java, and the note says so.
     *
     * @throws CodecUnavailableException if no LZ4 implementation is available at all
     */
    public Selection defaultLz4() {
        return prefer(LZ4_PREFERENCE);
    }

    /** The first available codec of {@code ids}, with a note naming the skipped ones and their reasons. */
    public Selection prefer(List<String> ids) {
        return select(codecs, ids);
    }

    /** {@link #prefer} over any list of codecs. */
    public static Selection select(List<Codec> codecs, List<String> ids) {
        StringBuilder skipped = new StringBuilder();
        for (String id : ids) {
            Optional<Codec> c = codecs.stream().filter(x -> x.id().equals(id)).findFirst();
            if (c.isPresent() && c.get().info().available()) {
                String note = skipped.isEmpty() ? id + " (preferred)" : id + " (fallback; " + skipped + ")";
                return new Selection(c.get(), note);
            }
            if (!skipped.isEmpty()) {
                skipped.append("; ");
            }
            skipped.append(id).append(c.map(x -> " unavailable: " + x.info().reason()).orElse(" not on the class path"));
        }
        throw new CodecUnavailableException("none of " + ids + " is available: " + skipped);
    }

    @Override
    public void close() {
        for (Codec c : codecs) {
            c.close();
        }
    }
}
