package io.vdobench.vdo;

/** dm-vdo's data_vio pool: bounded; submitters wait when it is exhausted. */
final class DataVioPool extends Monitor {
    private final DataVio[] free;
    private int freeCount;
    private int created;
    private final int max;

    /** @param preallocate make every data_vio now, as dm-vdo's {@code make_data_vio_pool} does, rather than on demand */
    DataVioPool(int max, boolean preallocate) {
        this.max = max;
        this.free = new DataVio[max];
        if (preallocate) {
            while (created < max) {
                free[freeCount++] = new DataVio();
                created++;
            }
        }
    }

    synchronized DataVio acquire() {
        boolean interrupted = false;
        while (freeCount == 0 && created == max) {
            interrupted |= await();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (freeCount > 0) {
            DataVio d = free[--freeCount];
            free[freeCount] = null;
            return d;
        }
        created++;
        return new DataVio();
    }

    int size() {
        return max;
    }

    synchronized void release(DataVio d) {
        free[freeCount++] = d;
        wakeOne();
    }
}
