package io.vdobench.vdo.format;

/**
 * Versions of the compressed (packed) block header. Both share the 36-byte header geometry; see
 * {@code pipeline/FORMAT.md}.
 */
public enum CompressedBlockVersion {
    /** dm-vdo's {@code COMPRESSED_BLOCK_1_0}: every fragment is raw LZ4. */
    V1_0(1, 0),
    /**
     * vdobench's algorithm-tagged block: major 2 so that a stock reader (exact 1.0 check) rejects it;
     * the high nibble of every size field holds the slot's {@link io.vdobench.codec.CompressionAlgorithm} tag.
     */
    TAGGED_2_0(2, 0);

    private static final CompressedBlockVersion[] VALUES = values(); // values() clones: keep the read path allocation-free
    private final int major;
    private final int minor;

    CompressedBlockVersion(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    /** The version with exactly this major.minor, or null. */
    public static CompressedBlockVersion of(long major, long minor) {
        for (CompressedBlockVersion v : VALUES) {
            if (v.major == major && v.minor == minor) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
