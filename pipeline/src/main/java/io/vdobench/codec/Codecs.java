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

    @Override
    public void close() {
        for (Codec c : codecs) {
            c.close();
        }
    }
}
