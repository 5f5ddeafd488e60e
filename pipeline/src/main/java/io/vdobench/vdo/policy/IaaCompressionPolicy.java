package io.vdobench.vdo.policy;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;

/**
 * The patch's policy, modelled on its {@code iaa_enabled} module parameter. On: compress with the
 * IAA codec (QPL, DEFLATE); fall back to LZ4 when IAA is unavailable, its set-up fails, it errors,
 * or its output does not fit. Off: LZ4 only, as stock dm-vdo. The switch may be flipped while the
 * volume is live: reads follow each fragment's tag, never the current setting.
 *
 * <p>The IAA codec is injected (the QPL codec lives in the native module); any codec whose
 * algorithm is {@link CompressionAlgorithm#DEFLATE_IAA} fits.
 */
public final class IaaCompressionPolicy extends FallbackCompressionPolicy {

    public IaaCompressionPolicy(Codec iaa, Codec lz4, boolean iaaEnabled) {
        super("iaa", check(iaa), lz4, iaaEnabled);
        if (lz4 == null || lz4.algorithm() != CompressionAlgorithm.LZ4) {
            throw new IllegalArgumentException("the fallback must be an LZ4 codec");
        }
    }

    private static Codec check(Codec iaa) {
        if (iaa == null || iaa.algorithm() != CompressionAlgorithm.DEFLATE_IAA) {
            throw new IllegalArgumentException("the IAA codec must write DEFLATE_IAA fragments, got "
                    + (iaa == null ? "null" : iaa.algorithm()));
        }
        return iaa;
    }

    /** The {@code iaa_enabled} parameter. */
    public void setIaaEnabled(boolean enabled) {
        setPreferredEnabled(enabled);
    }

    public boolean iaaEnabled() {
        return preferredEnabled();
    }
}
