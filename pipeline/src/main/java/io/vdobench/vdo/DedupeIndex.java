package io.vdobench.vdo;

/**
 * The deduplication index (the role UDS plays): record name &rarr; advice (PBN + mapping state).
 * Like UDS it is lossy and only advisory: a fixed-size, 8-way set-associative table that
 * overwrites old entries when a set is full, so memory stays bounded and the per-block path
 * allocates nothing. Advice is always verified against the data before use.
 *
 * <p>Thread-safety: sets are guarded by striped monitors.
 */
final class DedupeIndex {
    private static final int WAYS = 8;
    private static final int STRIPES = 64;
    private final long[] key1;
    private final long[] key2;
    private final long[] advice;
    private final byte[] victim;
    private final int setMask;
    private final Object[] stripes = new Object[STRIPES];

    DedupeIndex(long expectedEntries) {
        // about one entry per physical block, capped at 2^20 entries (24 MiB)
        long sets = Long.highestOneBit(Math.max(16, Math.min(expectedEntries / WAYS, 1L << 17)) - 1) << 1;
        int n = (int) (sets * WAYS);
        key1 = new long[n];
        key2 = new long[n];
        advice = new long[n];
        victim = new byte[(int) sets];
        setMask = (int) sets - 1;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private int set(long h1) {
        // bytes 8..15 of the name pick the set: byte 0 already picks the hash zone
        return (int) (h1 >>> 32) & setMask;
    }

    /** The advice stored for a name, packed {@code pbn << 4 | state}; 0 when there is none. */
    long lookup(long h1, long h2) {
        int s = set(h1);
        int base = s * WAYS;
        synchronized (stripes[s & (STRIPES - 1)]) {
            for (int w = 0; w < WAYS; w++) {
                int i = base + w;
                if (advice[i] != 0 && key1[i] == h1 && key2[i] == h2) {
                    return advice[i];
                }
            }
        }
        return 0;
    }

    /** Records (or moves) a name's location. */
    void update(long h1, long h2, long packedLocation) {
        int s = set(h1);
        int base = s * WAYS;
        synchronized (stripes[s & (STRIPES - 1)]) {
            int empty = -1;
            for (int w = 0; w < WAYS; w++) {
                int i = base + w;
                if (advice[i] != 0 && key1[i] == h1 && key2[i] == h2) {
                    advice[i] = packedLocation;
                    return;
                }
                if (advice[i] == 0 && empty < 0) {
                    empty = i;
                }
            }
            if (empty < 0) {
                empty = base + (victim[s] & (WAYS - 1));
                victim[s]++;
            }
            key1[empty] = h1;
            key2[empty] = h2;
            advice[empty] = packedLocation;
        }
    }

    int capacity() {
        return advice.length;
    }
}
