package io.vdobench.vdo;

/**
 * A small open-addressing map from long to object (linear probing, backward-shift deletion): the
 * int-maps dm-vdo keys its LBN and hash locks with. Grows when half full, otherwise allocates
 * nothing. Not thread-safe: each zone guards its own.
 */
final class LongObjectMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongObjectMap(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1;
        keys = new long[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int i = mix(key) & mask;
        while (values[i] != null) {
            if (keys[i] == key) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Inserts; the key must be absent. */
    void put(long key, V value) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int i = mix(key) & mask;
        while (values[i] != null) {
            if (keys[i] == key) {
                throw new IllegalStateException("key " + key + " already present");
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Removes the key if it maps to {@code value}; returns whether it did. */
    boolean remove(long key, Object value) {
        int i = mix(key) & mask;
        while (values[i] != null) {
            if (keys[i] == key) {
                if (values[i] != value) {
                    return false;
                }
                deleteAt(i);
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void deleteAt(int hole) {
        values[hole] = null;
        size--;
        int i = (hole + 1) & mask;
        while (values[i] != null) {
            int home = mix(keys[i]) & mask;
            // move entry i into the hole if its home is not cyclically in (hole, i]
            boolean between = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!between) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        Object[] ov = values;
        keys = new long[ok.length * 2];
        values = new Object[ov.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ov[i] != null) {
                @SuppressWarnings("unchecked")
                V v = (V) ov[i];
                put(ok[i], v);
            }
        }
    }
}
