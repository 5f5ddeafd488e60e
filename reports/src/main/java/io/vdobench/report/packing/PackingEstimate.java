package io.vdobench.report.packing;

import java.util.Arrays;

/**
 * What a set of 4 KiB-block fragment sizes means for space, assuming like-sized fragments share
 * blocks ({@link Packing#fragmentsPerBlock}). This is the steady-state bound the packer reaches with
 * many fragments in flight; the real packer's bins mix sizes and may do slightly better or worse.
 *
 * @param samples                 blocks sampled
 * @param packed                  blocks whose fragment packs (k >= 2)
 * @param unpacked                blocks stored uncompressed (did not fit in 4059 bytes, or > 2030 bytes)
 * @param medianBytes             median fragment size of the blocks that fit, bytes (NaN if none fit)
 * @param meanBytes               mean fragment size of the blocks that fit, bytes
 * @param compressionRatio        4096 · samples / Σ sizes, a block that did not fit counted as 4096
 * @param fragmentsPerPackedBlock packed fragments / packed blocks they occupy (NaN if none packed)
 * @param spaceSavingPct          100 · (1 − physical blocks / logical blocks)
 */
public record PackingEstimate(long samples, long packed, long unpacked, double medianBytes, double meanBytes,
                              double compressionRatio, double fragmentsPerPackedBlock, double spaceSavingPct) {

    /** From fragment sizes; a value {@code <= 0} or above 4059 means "did not fit". */
    public static PackingEstimate of(int[] sizes) {
        long n = sizes.length;
        if (n == 0) {
            return new PackingEstimate(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long packed = 0;
        double packedBlocks = 0;
        double physical = 0;
        double storedBytes = 0;
        int[] fit = new int[sizes.length];
        int nFit = 0;
        for (int s : sizes) {
            boolean fits = s > 0 && s <= Packing.MAX_FRAGMENT;
            storedBytes += fits ? s : Packing.BLOCK_SIZE;
            if (fits) {
                fit[nFit++] = s;
            }
            double cost = Packing.blocksPerFragment(s);
            physical += cost;
            if (cost < 1.0) {
                packed++;
                packedBlocks += cost;
            }
        }
        double median = Double.NaN;
        double mean = Double.NaN;
        if (nFit > 0) {
            int[] f = Arrays.copyOf(fit, nFit);
            Arrays.sort(f);
            median = nFit % 2 == 1 ? f[nFit / 2] : (f[nFit / 2 - 1] + f[nFit / 2]) / 2.0;
            mean = Arrays.stream(f).asLongStream().sum() / (double) nFit;
        }
        return new PackingEstimate(n, packed, n - packed, median, mean, Packing.BLOCK_SIZE * n / storedBytes,
                packed == 0 ? Double.NaN : packed / packedBlocks, 100.0 * (1.0 - physical / n));
    }
}
