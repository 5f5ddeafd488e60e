package io.vdobench.fio;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a volume compressed and decompressed during a fio verify pass: the counter deltas between a
 * snapshot taken before the pass and one after it. A verify pass only says something about the
 * compressed path when fio's reads really decoded fragments; {@link #require} says so or fails.
 *
 * @param fragmentsWritten       fragments packed during the pass
 * @param fragmentsRead          fragments decoded by the pass's reads
 * @param compressedBytes        bytes of the fragments written
 * @param writtenByAlgorithmPath fragments written by "ALGORITHM/path", e.g. {@code DEFLATE_IAA/software}
 * @param readByAlgorithm        fragments read by algorithm tag, e.g. {@code DEFLATE_IAA}
 * @param blocksWritten          4 KiB blocks the pass wrote
 * @param blocksRead             4 KiB blocks the pass read
 */
public record VerifiedCompression(long fragmentsWritten, long fragmentsRead, long compressedBytes,
                                  Map<String, Long> writtenByAlgorithmPath, Map<String, Long> readByAlgorithm,
                                  long blocksWritten, long blocksRead) {
    public VerifiedCompression {
        writtenByAlgorithmPath = Map.copyOf(writtenByAlgorithmPath);
        readByAlgorithm = Map.copyOf(readByAlgorithm);
    }

    public static VerifiedCompression between(VdoStatistics before, VdoStatistics after) {
        return new VerifiedCompression(after.compressedFragmentsWritten() - before.compressedFragmentsWritten(),
                after.compressedFragmentsRead() - before.compressedFragmentsRead(),
                after.compressedBytes() - before.compressedBytes(),
                delta(before.fragmentsByAlgorithmPath(), after.fragmentsByAlgorithmPath()),
                delta(before.fragmentsReadByAlgorithm(), after.fragmentsReadByAlgorithm()),
                after.blockWrites() - before.blockWrites(), after.blockReads() - before.blockReads());
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n > 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    /**
     * The algorithm the policy writes now: its preferred codec's when that is enabled and available,
     * else its fallback's (LZ4 in the patch's policies); a single codec that is unavailable writes no
     * fragment at all, and {@link #require} then fails.
     */
    public static CompressionAlgorithm algorithmOf(FallbackCompressionPolicy policy) {
        boolean preferred = policy.preferredEnabled() && policy.preferred().info().available();
        return preferred || policy.fallback() == null ? policy.preferred().info().algorithm()
                : policy.fallback().info().algorithm();
    }

    /** Fragments written with {@code a}, whatever path ran it. */
    public long writtenWith(CompressionAlgorithm a) {
        String prefix = a.name() + "/";
        return writtenByAlgorithmPath.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Fragments tagged {@code a} that reads decoded. */
    public long readWith(CompressionAlgorithm a) {
        return readByAlgorithm.getOrDefault(a.name(), 0L);
    }

    /** Mean fragment size in bytes, NaN when none was written. */
    public double meanFragmentBytes() {
        return fragmentsWritten == 0 ? Double.NaN : (double) compressedBytes / fragmentsWritten;
    }

    /**
     * @throws IllegalStateException unless fragments tagged {@code a} were both written and read back
     *                               during the pass
     */
    public void require(CompressionAlgorithm a) {
        if (writtenWith(a) == 0 || readWith(a) == 0) {
            throw new IllegalStateException("the verify pass did not exercise " + a + " fragments: " + this
                    + " (is the data compressible? were the fragments packed before fio read them back?)");
        }
    }

    /** "wrote F fragments of W blocks {ALGORITHM/path=n}, mean S B; decoded D of R blocks read {ALGORITHM=n}". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "wrote %d fragments of %d blocks %s, mean %.0f B; decoded %d of %d blocks read %s",
                fragmentsWritten, blocksWritten, writtenByAlgorithmPath, meanFragmentBytes(), fragmentsRead, blocksRead,
                readByAlgorithm);
    }
}
