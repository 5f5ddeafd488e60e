package io.vdobench.vdo;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chooses the decompressor from a fragment's algorithm tag (1.0 blocks are always LZ4).
 * DEFLATE_IAA fragments go to the IAA codec first and, when it is missing, unavailable or fails,
 * to plain raw inflate (the patch's compatibility fallback); DEFLATE_CPU fragments go to the
 * configured CPU codec or raw inflate. Any failure ends as {@code VDO_INVALID_FRAGMENT}.
 */
public final class FragmentDecoder {
    private final Codec lz4;
    private final Codec iaa;
    private final Codec cpuDeflate;
    private final Codec inflate;
    private final LongAdder iaaUnavailable = new LongAdder();
    private final LongAdder iaaFailed = new LongAdder();

    /**
     * @param lz4        LZ4 decoder (required)
     * @param iaa        IAA/QPL decoder for DEFLATE_IAA fragments, or null
     * @param cpuDeflate decoder for DEFLATE_CPU fragments, or null (then {@code inflate})
     * @param inflate    plain raw-inflate fallback (required), e.g. {@link io.vdobench.codec.JdkZlibCodec}
     */
    public FragmentDecoder(Codec lz4, Codec iaa, Codec cpuDeflate, Codec inflate) {
        if (lz4 == null || inflate == null) {
            throw new IllegalArgumentException("LZ4 and inflate decoders are required");
        }
        this.lz4 = lz4;
        this.iaa = iaa;
        this.cpuDeflate = cpuDeflate;
        this.inflate = inflate;
    }

    /** Decodes one fragment into exactly 4096 bytes at {@code dst[dstOff]}. */
    public void decode(CompressionAlgorithm algorithm, byte[] src, int off, int len, byte[] dst, int dstOff) {
        try {
            switch (algorithm) {
                case LZ4 -> lz4.decompress(src, off, len, dst, dstOff, VdoConstants.BLOCK_SIZE);
                case DEFLATE_IAA -> decodeIaa(src, off, len, dst, dstOff);
                case DEFLATE_CPU -> (cpuDeflate != null && cpuDeflate.info().available() ? cpuDeflate : inflate)
                        .decompress(src, off, len, dst, dstOff, VdoConstants.BLOCK_SIZE);
            }
        } catch (CodecException e) {
            throw new VdoException(VdoStatus.INVALID_FRAGMENT, algorithm + " fragment of " + len + " bytes: " + e.getMessage(), e);
        }
    }

    private void decodeIaa(byte[] src, int off, int len, byte[] dst, int dstOff) {
        if (iaa == null || !iaa.info().available()) {
            iaaUnavailable.increment();
        } else {
            try {
                iaa.decompress(src, off, len, dst, dstOff, VdoConstants.BLOCK_SIZE);
                return;
            } catch (CodecException e) {
                iaaFailed.increment(); // fall through to raw inflate, as the patch does
            }
        }
        inflate.decompress(src, off, len, dst, dstOff, VdoConstants.BLOCK_SIZE);
    }

    /** IAA-tagged reads that went to raw inflate because no usable IAA codec was there. */
    public long iaaUnavailableFallbacks() {
        return iaaUnavailable.sum();
    }

    /** IAA-tagged reads that went to raw inflate after the IAA codec failed. */
    public long iaaFailureFallbacks() {
        return iaaFailed.sum();
    }
}
