package io.vdobench.vdo;

import java.util.ArrayList;
import java.util.List;

/** A hash zone: the hash lock table keyed by record-name bytes 0..7, and a pool of locks. */
final class HashZone extends Monitor {
    final LongObjectMap<HashLock> locks = new LongObjectMap<>(64);
    private final List<HashLock> free = new ArrayList<>();

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
