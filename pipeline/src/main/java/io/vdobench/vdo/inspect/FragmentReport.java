package io.vdobench.vdo.inspect;

/**
 * One fragment found by the inspector.
 *
 * @param block          index of the 4 KiB block in the scanned file
 * @param slot           slot 0..13
 * @param version        header version of the block, {@code 1.0} or {@code 2.0}
 * @param algorithm      {@code LZ4}, {@code DEFLATE_IAA}, {@code DEFLATE_CPU}, or {@code tag N} for an unknown tag
 * @param compressedSize the slot's size field (12-bit size for 2.0)
 * @param size           decompressed size (4096), or -1 when the fragment failed
 * @param sha256         SHA-256 of the decompressed block as hex, or null when it failed
 * @param error          why the fragment failed, or null
 */
public record FragmentReport(long block, int slot, String version, String algorithm, int compressedSize, int size,
                             String sha256, String error) {

    public boolean ok() {
        return error == null;
    }
}
