package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Converts between codec ids ({@code zlib:impl=jdk,level=6}) and the spelling that JMH's {@code -p}
 * option can carry ({@code zlib:impl:jdk/level:6}).
 *
 * <p>Why a second spelling: JMH 1.37 splits {@code -p name=v1,v2} on every {@code '='} (rejecting
 * more than one) and on every {@code ','}, so a codec id cannot be typed there as it is. In the JMH
 * spelling {@code '='} becomes {@code ':'} and {@code ','} becomes {@code '/'}; the first
 * {@code ':'} still separates the codec name from its options.
 *
 * <p>{@code main} prints the JMH spellings of every available codec, comma-separated, ready for
 * {@code -p codec=...}; with {@code --all} it includes unavailable ones, with a name prefix argument
 * (e.g. {@code lz4}) only that family.
 */
public final class CodecIds {
    private CodecIds() {
    }

    /** {@code zlib:impl=jdk,level=6} → {@code zlib:impl:jdk/level:6}. */
    public static String toJmh(String id) {
        int colon = id.indexOf(':');
        if (colon < 0) {
            return id;
        }
        return id.substring(0, colon + 1) + id.substring(colon + 1).replace('=', ':').replace(',', '/');
    }

    /** Inverse of {@link #toJmh}; a canonical id (or a bare name) passes through unchanged. */
    public static String fromJmh(String spelled) {
        int colon = spelled.indexOf(':');
        if (colon < 0 || spelled.indexOf('=') >= 0) {
            return spelled;
        }
        return spelled.substring(0, colon + 1) + spelled.substring(colon + 1).replace(':', '=').replace('/', ',');
    }

    public static void main(String[] args) {
        boolean all = false;
        String family = null;
        for (String a : args) {
            if (a.equals("--all")) {
                all = true;
            } else if (a.startsWith("-")) {
                System.err.println("usage: CodecIds [--all] [name-prefix]");
                System.exit(2);
            } else {
                family = a.toLowerCase(Locale.ROOT);
            }
        }
        BenchSupport.defaultNativeDir();
        try (Codecs codecs = Codecs.load()) {
            String prefix = family;
            boolean everything = all;
            String ids = codecs.all().stream()
                    .filter(c -> everything || c.info().available())
                    .filter(c -> prefix == null || c.info().name().startsWith(prefix))
                    .map(Codec::id)
                    .map(CodecIds::toJmh)
                    .collect(Collectors.joining(","));
            System.out.println(ids);
        }
    }
}
