package io.vdobench.vdo.policy;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.PlantedSlowdownCodec;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Compression policies by the names users type ({@code --policy}, the matrix's policy column).
 *
 * <ul>
 *   <li>{@code lz4}: stock dm-vdo, the pipeline's default LZ4 ({@link Codecs#defaultLz4()}).</li>
 *   <li>{@code iaa}: the patch with {@code iaa_enabled=1}: QPL with fixed Huffman (the only mode mainline's
 *       {@code deflate-iaa} offers) and verify on (the driver's {@code verify_compress} default), path
 *       {@code auto}, falling back to LZ4. Where no IAA exists, auto resolves to QPL's software path and every
 *       fragment's recorded path says so.</li>
 *   <li>{@code iaa-hw}: the same but hardware only: without IAA every block falls back to LZ4 (reason
 *       "unavailable"), which is what the patch does on such a host.</li>
 *   <li>{@code iaa-off}: the patch's code with {@code iaa_enabled=0}: LZ4 only, switchable live.</li>
 *   <li>{@code codec:<id>}: one codec alone, e.g. {@code codec:isal:level=1}; incompressible blocks stay
 *       uncompressed.</li>
 *   <li>{@code deflate:<id>}: a CPU DEFLATE codec with LZ4 fallback, e.g. {@code deflate:libdeflate:level=6}.</li>
 *   <li>{@code lz4-planted:F=<f>}: TEST ONLY, {@code lz4} whose compress does fraction f more of its own work
 *       ({@link PlantedSlowdownCodec}: every round(1/f)-th compress twice), the known effect that proves a
 *       comparison finds what it claims to.</li>
 * </ul>
 */
public final class Policies {
    /** The QPL variant the IAA policy uses. */
    public static final String IAA_CODEC = "qpl:path=auto,huffman=fixed,level=default,verify=on";
    /** The same, hardware only. */
    public static final String IAA_HW_CODEC = "qpl:path=hardware,huffman=fixed,level=default,verify=on";
    /** Names accepted besides the {@code codec:} and {@code deflate:} prefixes. */
    public static final List<String> NAMES = List.of("lz4", "iaa", "iaa-hw", "iaa-off");

    private Policies() {
    }

    /**
     * Builds the policy {@code spec} from codecs in {@code codecs} (which keeps owning them).
     *
     * @throws IllegalArgumentException for an unknown name or codec id, with what is known
     */
    public static FallbackCompressionPolicy create(String spec, Codecs codecs) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("codec:")) {
            return FallbackCompressionPolicy.single(codecs.require(s.substring("codec:".length())));
        }
        if (lower.startsWith(PLANTED)) {
            return planted(s.substring(PLANTED.length()), codecs);
        }
        if (lower.startsWith("deflate:")) {
            Codec deflate = codecs.require(s.substring("deflate:".length()));
            if (!deflate.algorithm().isDeflate()) {
                throw new IllegalArgumentException(deflate.id() + " is not a DEFLATE codec");
            }
            return new FallbackCompressionPolicy("deflate", deflate, lz4(codecs), true);
        }
        return switch (lower) {
            case "lz4" -> FallbackCompressionPolicy.single(lz4(codecs));
            case "iaa" -> new IaaCompressionPolicy(codecs.require(IAA_CODEC), lz4(codecs), true);
            case "iaa-hw" -> new IaaCompressionPolicy(codecs.require(IAA_HW_CODEC), lz4(codecs), true);
            case "iaa-off" -> new IaaCompressionPolicy(codecs.require(IAA_CODEC), lz4(codecs), false);
            default -> throw new IllegalArgumentException("unknown policy '" + spec + "'; use one of " + NAMES
                    + ", codec:<id>, deflate:<id> or (test only) " + PLANTED + "F=<fraction>");
        };
    }

    /**
     * Resolves every spec against a fresh registry, then closes it: commands call this before they
     * start any work, so a wrong name fails at once with its own message.
     *
     * @throws IllegalArgumentException the first spec {@link #create} refuses, with its message
     */
    public static void check(Collection<String> specs) {
        try (Codecs codecs = Codecs.load()) {
            for (String spec : specs) {
                create(spec, codecs);
            }
        }
    }

    /** Prefix of the test-only planted policy: {@code lz4-planted:F=0.02}. */
    public static final String PLANTED = "lz4-planted:";

    private static FallbackCompressionPolicy planted(String arg, Codecs codecs) {
        String a = arg.trim();
        double f;
        try {
            if (!a.regionMatches(true, 0, "F=", 0, 2)) {
                throw new NumberFormatException();
            }
            f = Double.parseDouble(a.substring(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy '" + PLANTED + arg + "': use " + PLANTED
                    + "F=<fraction>, e.g. " + PLANTED + "F=0.02");
        }
        int period;
        try {
            period = PlantedSlowdownCodec.periodOf(f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy '" + PLANTED + arg + "': " + e.getMessage(), e);
        }
        // The registry owns the LZ4 codec; the policy never closes what it holds.
        return new FallbackCompressionPolicy("lz4-planted", new PlantedSlowdownCodec(lz4(codecs), period, true, false),
                null, true);
    }

    private static Codec lz4(Codecs codecs) {
        return codecs.defaultLz4().codec();
    }
}
