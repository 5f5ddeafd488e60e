package io.vdobench.report.offload;

import java.util.Locale;

/**
 * How the CPU waits for a device job (iaa_crypto's {@code sync_mode}, the zswap batching series).
 * Equations: docs/OFFLOAD-MODEL.md §2.
 */
public enum CompletionMode {
    /** Submit, then poll until done: the CPU is busy for the job's whole latency (iaa_crypto's default). */
    SYNC,
    /** Submit and come back at completion: the CPU pays submit + completion, the data_vio waits. */
    ASYNC,
    /** {@code k} jobs per submission: submit + completion paid once per batch; the batch waits as a whole. */
    BATCH;

    public static CompletionMode parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OffloadModelException("offload.mode '" + s + "': use sync, async or batch");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
