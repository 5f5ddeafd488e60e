package io.vdobench.vdo;

/** A logical zone: the LBN lock table ({@code lbn_operations} int-map) under one monitor. */
final class LogicalZone extends Monitor {
    final LongObjectMap<Object> holders = new LongObjectMap<>(64);
}
