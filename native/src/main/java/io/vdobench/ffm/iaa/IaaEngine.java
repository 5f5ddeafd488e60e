package io.vdobench.ffm.iaa;

/**
 * One IAA engine, {@code /sys/bus/dsa/devices/engine<dev>.<n>}: its {@code group_id} is -1 when the
 * engine belongs to no group (Documentation/ABI/stable/sysfs-driver-dma-idxd; idxd {@code sysfs.c}).
 */
public record IaaEngine(String name, int groupId) {
}
