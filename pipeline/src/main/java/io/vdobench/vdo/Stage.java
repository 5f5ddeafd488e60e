package io.vdobench.vdo;

/**
 * What work a data_vio's time went to, as the offload model needs it (where it ran is the thread's
 * business: {@link ThreadStatistics}). {@link #WRITE} and {@link #READ} span a whole bio on the
 * submitting thread and contain the others when the execution is inline.
 */
public enum Stage {
    /** {@code hash_data_vio}: MurmurHash3 of the block (inline: together with the copy of the caller's data). */
    HASH,
    /** {@code compress_data_vio}: the policy's compressor. */
    COMPRESS,
    /** {@code vdo_attempt_packing}: the packer's bin choice and fragment copy (not the batch's write). */
    PACK,
    /** {@code uncompress_data_vio} on the read path: the fragment's decoder. */
    DECOMPRESS,
    /** {@code vdo_launch_bio} of a write, on the submitter, until every block is acknowledged. */
    WRITE,
    /** {@code vdo_launch_bio} of a read, on the submitter, until every block is acknowledged. */
    READ;

    /** The name in files: lower case. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
