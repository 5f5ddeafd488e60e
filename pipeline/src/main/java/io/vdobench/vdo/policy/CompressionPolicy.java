package io.vdobench.vdo.policy;

import io.vdobench.codec.Codec;
import java.util.List;

/**
 * Decides how a 4 KiB block is compressed for the packer: which codec, and what to do when it is
 * unavailable, fails, or its output does not fit. Implementations are thread-safe and allocate
 * nothing per call.
 */
public interface CompressionPolicy {
    /** Largest useful fragment (dm-vdo's VDO_MAX_COMPRESSED_FRAGMENT_SIZE). */
    int MAX_FRAGMENT = io.vdobench.vdo.format.VdoConstants.MAX_FRAGMENT_SIZE;

    /**
     * Compresses {@code src[srcOff, srcOff+4096)} into {@code dst[dstOff, dstOff+4059)} and
     * describes the outcome in {@code result} (reset first). Never throws for codec trouble: a
     * block that cannot be compressed is reported with size 0.
     */
    void compress(byte[] src, int srcOff, byte[] dst, int dstOff, CompressionResult result);

    /** Short name for reports, e.g. {@code iaa(enabled)} or {@code lz4}. */
    String name();

    /** The codecs this policy may write with (readers register them as decoders). */
    List<Codec> codecs();
}
