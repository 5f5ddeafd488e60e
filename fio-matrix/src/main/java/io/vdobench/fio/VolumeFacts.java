package io.vdobench.fio;

import io.vdobench.codec.CodecInfo;
import io.vdobench.vdo.policy.FallbackReason;
import java.util.Locale;
import java.util.Map;

/** How a volume's statistics become result columns, shared by the JMH and the fio engines. */
public final class VolumeFacts {
    private VolumeFacts() {
    }

    /** Schema's fallback column suffixes (reports/SCHEMA.md): unavailable, not_compressible, error, + others. */
    public static String fallbackColumn(FallbackReason r) {
        return switch (r) {
            case UNAVAILABLE -> "unavailable";
            case DOES_NOT_FIT -> "not_compressible";
            case COMPRESS_ERROR -> "error";
            default -> r.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The path the policy's preferred codec actually ran on: the path with most fragments of its
     * algorithm ("DEFLATE_IAA/software" → software); the codec's own report when it wrote none.
     */
    public static String executedPath(CodecInfo info, Map<String, Long> byAlgorithmPath) {
        String prefix = info.algorithm().name() + "/";
        String best = null;
        long bestCount = -1;
        for (var e : byAlgorithmPath.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue() > bestCount) {
                best = e.getKey().substring(prefix.length());
                bestCount = e.getValue();
            }
        }
        return best != null ? best.toLowerCase(Locale.ROOT) : info.path().label();
    }
}
