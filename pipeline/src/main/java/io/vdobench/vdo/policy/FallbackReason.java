package io.vdobench.vdo.policy;

/** Why a policy fell back from its preferred codec (IAA for the patch's policy) to its fallback (LZ4). */
public enum FallbackReason {
    /** The preferred codec reports itself unavailable (library or device missing). */
    UNAVAILABLE,
    /** The call failed to set up the codec ({@link io.vdobench.codec.CodecUnavailableException} at call time). */
    INIT_FAILED,
    /** The preferred codec's output did not fit in 4059 bytes (compression not effective). */
    DOES_NOT_FIT,
    /** The preferred codec reported another error ({@link io.vdobench.codec.CodecFailureException}). */
    COMPRESS_ERROR
}
