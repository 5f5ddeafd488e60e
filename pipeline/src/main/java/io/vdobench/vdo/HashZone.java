package io.vdobench.vdo;

import java.util.ArrayList;
import java.util.List;

/** A hash zone: the hash lock table keyed by record-name bytes 0..7, and a pool of locks. */
final class HashZone extends Monitor {
    final LongObjectMap<HashLock> locks;
    private final List<HashLock> free;

    /** @param capacity locks the zone holds before its map grows; as many are made up front */
    HashZone(int capacity) {
        locks = new LongObjectMap<>(capacity);
        free = new ArrayList<>(capacity);
        for (int i = 0; i < capacity / 2; i++) {
            free.add(new HashLock());
        }
    }

    HashLock newLock() {
        if (free.isEmpty()) {
            return new HashLock();
        }
        return free.remove(free.size() - 1);
    }

    void recycle(HashLock lock) {
        lock.reset();
        free.add(lock);
    }
}
