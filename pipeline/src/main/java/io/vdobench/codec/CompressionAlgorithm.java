package io.vdobench.codec;

/**
 * The algorithm a compressed fragment was written with, as recorded per slot in the tagged
 * (version 2) compressed-block header. Values are on-disk constants: never renumber.
 */
public enum CompressionAlgorithm {
    /** Raw LZ4 block, as stock dm-vdo writes ({@code LZ4_compress_default}). */
    LZ4(1),
    /**
     * Raw DEFLATE (RFC 1951) written by Intel IAA or by libqpl's software path: every block carries
     * its own header (fixed or dynamic Huffman, never QPL's header-less canned mode) and distances
     * stay within 4 KiB, so any inflate can read it and IAA can too.
     */
    DEFLATE_IAA(2),
    /** Raw DEFLATE written by a CPU library (zlib, ISA-L, libdeflate). */
    DEFLATE_CPU(3);

    private final int tag;

    CompressionAlgorithm(int tag) {
        this.tag = tag;
    }

    /** The on-disk tag value (a nibble: 1..15; 0 means "no fragment"). */
    public int tag() {
        return tag;
    }

    /** True for algorithms whose fragments are raw DEFLATE streams. */
    public boolean isDeflate() {
        return this != LZ4;
    }

    /** @throws IllegalArgumentException for an unknown tag value */
    public static CompressionAlgorithm fromTag(int tag) {
        for (CompressionAlgorithm a : values()) {
            if (a.tag == tag) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown compression algorithm tag " + tag);
    }
}
