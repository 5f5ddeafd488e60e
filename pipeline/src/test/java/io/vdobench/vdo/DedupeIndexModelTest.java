package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The index answers exactly as the straightforward three-array index (kept here as the model):
 * same hits, same misses, same evictions, including advice 0 (which frees a way).
 */
class DedupeIndexModelTest {

    @Test
    void sameAnswersAsTheArrayModel() {
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            DedupeIndex idx = new DedupeIndex(128); // 16 sets x 8 ways: constant eviction
            ArrayIndex model = new ArrayIndex(128);
            assertEquals(model.capacity(), idx.capacity());
            long[] h1s = new long[400];
            long[] h2s = new long[400];
            for (int k = 0; k < h1s.length; k++) {
                h1s[k] = r.nextLong();
                // some names share h1 (same set), some share h2's tag bits, some have tag bits 0
                h2s[k] = switch (k % 4) {
                    case 0 -> r.nextLong() & 0x0000FFFFFFFFFFFFL;
                    case 1 -> 0x1234L << 48 | (r.nextLong() & 0xFFFFFFFFL);
                    default -> r.nextLong();
                };
                if (k % 5 == 0 && k > 0) {
                    h1s[k] = h1s[k - 1];
                }
            }
            for (int op = 0; op < 200_000; op++) {
                int k = r.nextInt(h1s.length);
                if (r.nextInt(3) == 0) {
                    long loc = r.nextInt(20) == 0 ? 0 : r.nextLong(1, 1L << 40);
                    idx.update(h1s[k], h2s[k], loc);
                    model.update(h1s[k], h2s[k], loc);
                } else {
                    assertEquals(model.lookup(h1s[k], h2s[k]), idx.lookup(h1s[k], h2s[k]), "op " + op);
                }
            }
            for (int k = 0; k < h1s.length; k++) {
                assertEquals(model.lookup(h1s[k], h2s[k]), idx.lookup(h1s[k], h2s[k]));
            }
        }
    }

    /** The index as it was before the cache layout (three parallel arrays): the model. */
        static final class ArrayIndex {
        private static final int WAYS = 8;
        private static final int STRIPES = 64;
        private final long[] key1;
        private final long[] key2;
        private final long[] advice;
        private final byte[] victim;
        private final int setMask;
        private final Object[] stripes = new Object[STRIPES];

        ArrayIndex(long expectedEntries) {
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
}
