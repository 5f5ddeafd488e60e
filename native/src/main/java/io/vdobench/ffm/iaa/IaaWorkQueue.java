package io.vdobench.ffm.iaa;

/**
 * One IAA work queue, {@code /sys/bus/dsa/devices/wq<dev>.<n>}. Attribute names and values are the
 * kernel's (Documentation/ABI/stable/sysfs-driver-dma-idxd; drivers/dma/idxd/sysfs.c): {@code mode}
 * is {@code dedicated} or {@code shared}, {@code type} is {@code none}, {@code kernel} or {@code user},
 * {@code state} is {@code disabled} or {@code enabled}, {@code driver_name} (kernel 6.7+) names the
 * driver the queue is to be bound to, and the {@code driver} link the one it is bound to.
 *
 * @param driverName    configured driver ({@code driver_name}), "" before kernel 6.7
 * @param boundDriver   the driver the queue is bound to (the {@code driver} link's name), "" when unbound
 * @param devNode       the character device a user queue gets, {@code /dev/iax/wq<dev>.<n>}, "" when absent
 * @param devNodeWritable whether this process may open {@code devNode} read-write, as libqpl does
 */
public record IaaWorkQueue(String name, int groupId, String mode, int size, int threshold, int priority,
        String type, String state, String wqName, String driverName, String boundDriver, boolean blockOnFault,
        long maxTransferSize, String devNode, boolean devNodeWritable) {

    public boolean enabled() {
        return "enabled".equals(state);
    }

    public boolean shared() {
        return "shared".equals(mode);
    }

    public boolean user() {
        return "user".equals(type);
    }

    /** The driver it runs under: the bound one, else the configured one. */
    public String driver() {
        return boundDriver.isEmpty() ? driverName : boundDriver;
    }

    /**
     * What libqpl's hardware path accepts (intel/qpl {@code sources/middle-layer/dispatcher/hw_queue.cpp}
     * {@code initialize_new_queue}): enabled, shared (dedicated queues only in builds with
     * {@code DWQ_SUPPORT}, which Debian's is not), and with a user device node it can open read-write.
     */
    public boolean usableByQpl() {
        return enabled() && shared() && user() && !devNode.isEmpty() && devNodeWritable;
    }

    /** {@code wq1.0: shared user, size 128, enabled, driver user} */
    public String describe() {
        return name + ": " + (mode.isEmpty() ? "?" : mode) + " " + (type.isEmpty() ? "?" : type)
                + (wqName.isEmpty() ? "" : " \"" + wqName + "\"") + ", size " + size + ", "
                + (state.isEmpty() ? "state ?" : state) + (driver().isEmpty() ? "" : ", driver " + driver());
    }
}
