package io.vdobench.fio;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What ran behind a policy's name in a comparison: the codec id it compressed with and the path that
 * executed it ({@code hardware}, {@code software}, {@code ffm}, …; reports/SCHEMA.md), so that a
 * summary pasted alone says "iaa = qpl:path=auto,… -> software" and cannot be read as IAA hardware.
 *
 * @param policy       the policy's name, e.g. {@code iaa}
 * @param codec        the codec id, e.g. {@code qpl:path=auto,huffman=fixed,level=default,verify=on};
 *                     several joined by {@value #JOIN} when the rows differ; {@value #UNKNOWN} when not recorded
 * @param executedPath the executed path, e.g. {@code software}; several joined by {@value #JOIN};
 *                     {@value #UNKNOWN} when not recorded
 */
public record PolicyCodec(String policy, String codec, String executedPath) {
    public static final String UNKNOWN = "unknown";
    /** Separator of several values (codec ids contain commas). */
    public static final String JOIN = " | ";

    public PolicyCodec {
        Objects.requireNonNull(policy, "policy");
        codec = codec == null || codec.isBlank() ? UNKNOWN : codec.strip();
        executedPath = executedPath == null || executedPath.isBlank() ? UNKNOWN : executedPath.strip();
    }

    /** Nothing recorded about this policy (e.g. fio JSON from a kernel run). */
    public static PolicyCodec unknown(String policy) {
        return new PolicyCodec(policy, UNKNOWN, UNKNOWN);
    }

    /**
     * The policy's codec ids and paths over its result rows, each listed once in first-seen order;
     * blank or {@value #UNKNOWN} values are left out while others exist.
     */
    public static PolicyCodec of(String policy, Collection<String> codecs, Collection<String> paths) {
        return new PolicyCodec(policy, joined(codecs), joined(paths));
    }

    private static String joined(Collection<String> values) {
        Set<String> known = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank() && !v.strip().equals(UNKNOWN)) {
                known.add(v.strip());
            }
        }
        return String.join(JOIN, known);
    }

    /** {@code iaa = qpl:path=auto,huffman=fixed,level=default,verify=on -> software}. */
    public String label() {
        return policy + " = " + codec + " -> " + executedPath;
    }

    @Override
    public String toString() {
        return label();
    }
}
