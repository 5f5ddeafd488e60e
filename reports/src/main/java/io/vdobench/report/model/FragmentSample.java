package io.vdobench.report.model;

/**
 * The compressed size of one 4 KiB block ({@code fragments.csv}).
 *
 * @param codec         codec id
 * @param data          data kind, e.g. {@code FIO60}
 * @param block         index of the block in the sampled corpus
 * @param fragmentBytes compressed size in bytes, or {@link #DOES_NOT_FIT} when it did not fit in
 *                      4059 bytes (dm-vdo then stores the block uncompressed)
 */
public record FragmentSample(String codec, String data, long block, int fragmentBytes) {
    public static final int DOES_NOT_FIT = -1;

    public boolean fits() {
        return fragmentBytes != DOES_NOT_FIT;
    }
}
