package io.vdobench.vdo;

/**
 * The deduplication index (the role UDS plays): record name &rarr; advice (PBN + mapping state).
 * Like UDS it is lossy and only advisory: a fixed-size, 8-way set-associative table that
 * overwrites old entries when a set is full, so memory stays bounded and the per-block path
 * allocates nothing. Advice is always verified against the data before use.
 *
 * <p>Layout, for the cache: a 16-bit tag per entry (name bits 48..63 of h2, never 0) sits in a
 * small array (a set's tags are 16 bytes; all of them 2 bytes per entry), so a lookup of a name
 * that is not there (every unique write) reads only tags; an entry's h1, h2 and advice are
 * adjacent longs, so a hit or an insert touches one entry's cache line rather than one line in
 * each of three arrays. A tag of 0 marks an empty way, exactly when the advice is 0.
 *
 * <p>Thread-safety: sets are guarded by striped monitors.
 */
final class DedupeIndex {
    private static final int WAYS = 8;
    private static final int STRIPES = 64;
    /** Longs per entry: h1, h2, advice. */
    private static final int ENTRY = 3;
    private final short[] tags;
    private final long[] entries;
    private final byte[] victim;
    private final int setMask;
    private final Object[] stripes = new Object[STRIPES];

    DedupeIndex(long expectedEntries) {
        // about one entry per physical block, capped at 2^20 entries (26 MiB)
        long sets = Long.highestOneBit(Math.max(16, Math.min(expectedEntries / WAYS, 1L << 17)) - 1) << 1;
        int n = (int) (sets * WAYS);
        tags = new short[n];
        entries = new long[n * ENTRY];
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

    private static short tag(long h2) {
        short t = (short) (h2 >>> 48);
        return t == 0 ? 1 : t;
    }

    /** The advice stored for a name, packed {@code pbn << 4 | state}; 0 when there is none. */
    long lookup(long h1, long h2) {
        int s = set(h1);
        int base = s * WAYS;
        short t = tag(h2);
        synchronized (stripes[s & (STRIPES - 1)]) {
            for (int w = 0; w < WAYS; w++) {
                int i = base + w;
                if (tags[i] == t) {
                    int e = i * ENTRY;
                    if (entries[e] == h1 && entries[e + 1] == h2) {
                        return entries[e + 2];
                    }
                }
            }
        }
        return 0;
    }

    /** Records (or moves) a name's location; a location of 0 empties the name's way. */
    void update(long h1, long h2, long packedLocation) {
        int s = set(h1);
        int base = s * WAYS;
        short t = tag(h2);
        synchronized (stripes[s & (STRIPES - 1)]) {
            int empty = -1;
            for (int w = 0; w < WAYS; w++) {
                int i = base + w;
                short ti = tags[i];
                if (ti == t) {
                    int e = i * ENTRY;
                    if (entries[e] == h1 && entries[e + 1] == h2) {
                        store(i, t, h1, h2, packedLocation);
                        return;
                    }
                }
                if (ti == 0 && empty < 0) {
                    empty = i;
                }
            }
            if (empty < 0) {
                empty = base + (victim[s] & (WAYS - 1));
                victim[s]++;
            }
            store(empty, t, h1, h2, packedLocation);
        }
    }

    private void store(int i, short t, long h1, long h2, long packedLocation) {
        int e = i * ENTRY;
        entries[e] = h1;
        entries[e + 1] = h2;
        entries[e + 2] = packedLocation;
        tags[i] = packedLocation == 0 ? 0 : t; // advice 0 is no advice: the way is free again
    }

    int capacity() {
        return tags.length;
    }
}
