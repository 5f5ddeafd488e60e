package io.vdobench.vdo.inspect;

/**
 * Totals of one scan.
 *
 * @param blocksScanned   whole 4 KiB blocks read
 * @param trailingBytes   bytes after the last whole block (ignored)
 * @param geometryBlock   block 0 starts with {@code dmvdo001} (a dm-vdo geometry block)
 * @param geometryVersion the geometry header's version, e.g. {@code 5.0}, or null
 * @param packedBlocksV1  blocks recognised as dm-vdo 1.0 packed blocks
 * @param packedBlocksV2  blocks recognised as tagged 2.0 packed blocks
 * @param fragments       fragments reported
 * @param failedFragments of which failed to decode
 */
public record ScanSummary(long blocksScanned, long trailingBytes, boolean geometryBlock, String geometryVersion,
                          long packedBlocksV1, long packedBlocksV2, long fragments, long failedFragments) {
}
