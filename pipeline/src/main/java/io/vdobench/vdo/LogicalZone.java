package io.vdobench.vdo;

/**
 * A logical zone ({@code struct logical_zone}): the LBN lock table ({@code lbn_operations}
 * int-map), the writes that hold a flush generation lock (oldest first, so a flush can see when
 * every write it covers has finished), and the rotor that spreads allocations over the physical
 * zones ({@code vdo_get_next_allocation_zone}). Guarded by its monitor.
 */
final class LogicalZone extends Monitor {
    /** dm-vdo's {@code ALLOCATIONS_PER_ZONE}: allocations in one physical zone before moving on. */
    static final int ALLOCATIONS_PER_ZONE = 128;

    final LongObjectMap<DataVio> holders;
    DataVio oldestActive;
    DataVio newestActive;
    int allocationZone;
    int allocationCount;

    /** @param capacity LBN locks the map holds before it grows */
    LogicalZone(int capacity) {
        holders = new LongObjectMap<>(capacity);
    }
}
