package io.vdobench.vdo.policy;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;

/** What a {@link CompressionPolicy} produced for one block. Mutable and reused per thread. */
public final class CompressionResult {
    int size;
    CompressionAlgorithm algorithm;
    ExecutionPath path = ExecutionPath.NONE;
    FallbackReason fallback;
    String error;

    public void reset() {
        size = 0;
        algorithm = null;
        path = ExecutionPath.NONE;
        fallback = null;
        error = null;
    }

    /** Fragment size (1..4059), or 0 when the block stays uncompressed. */
    public int size() {
        return size;
    }

    public boolean compressed() {
        return size > 0;
    }

    public CompressionAlgorithm algorithm() {
        return algorithm;
    }

    /** Where the codec that produced the fragment ran. */
    public ExecutionPath path() {
        return path;
    }

    /** Why the preferred codec was not used, or null. */
    public FallbackReason fallback() {
        return fallback;
    }

    /** A codec error that left the block uncompressed, or null. */
    public String error() {
        return error;
    }

    void set(int size, CompressionAlgorithm algorithm, ExecutionPath path) {
        this.size = size;
        this.algorithm = algorithm;
        this.path = path;
    }
}
