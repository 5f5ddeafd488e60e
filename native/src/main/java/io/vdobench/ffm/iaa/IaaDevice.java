package io.vdobench.ffm.iaa;

import java.util.List;
import java.util.Locale;

/**
 * One IAA device, {@code /sys/bus/dsa/devices/iax<id>}, with its engines and work queues. Attribute names are the
 * kernel's (Documentation/ABI/stable/sysfs-driver-dma-idxd; drivers/dma/idxd/sysfs.c); -1 or "" where the
 * attribute was absent or unreadable.
 *
 * @param version  the VERSION register ({@code version}, printed {@code %#x}): 0x100 is IAA 1.0 (Sapphire
 *                 Rapids), 0x200 IAA 2.0 (Granite Rapids); libqpl reads it the same way ({@code version >> 8},
 *                 intel/qpl {@code hw_device.cpp})
 * @param genCap   the GENCAP register ({@code gen_cap}); bit 0 is block-on-fault support (idxd {@code registers.h})
 * @param iaaCap   the IAACAP register ({@code iaa_cap}), shown only on IAA 2.0 and later; "" when absent
 */
public record IaaDevice(String name, int id, int version, long genCap, String iaaCap, String state, int maxEngines,
        int maxGroups, int maxWorkQueues, int maxWorkQueueSize, int numaNode, boolean pasidEnabled,
        boolean configurable, List<IaaEngine> engines, List<IaaWorkQueue> workQueues) {

    public IaaDevice {
        engines = List.copyOf(engines);
        workQueues = List.copyOf(workQueues);
    }

    public boolean enabled() {
        return "enabled".equals(state);
    }

    /** {@code IAA 1.0}, {@code IAA 2.0}, or {@code unknown (version 0x...)}. */
    public String generation() {
        int major = version < 0 ? -1 : version >> 8;
        int minor = version < 0 ? -1 : version & 0xff;
        if (major >= 1) {
            return "IAA " + major + "." + minor;
        }
        return "unknown (version " + (version < 0 ? "?" : String.format(Locale.ROOT, "%#x", version)) + ")";
    }

    /** GENCAP bit 0 ({@code union gen_cap_reg.block_on_fault}). */
    public boolean blockOnFaultSupported() {
        return genCap >= 0 && (genCap & 1) != 0;
    }

    /** Engines whose {@code group_id} is {@code group}. */
    public int enginesInGroup(int group) {
        return (int) engines.stream().filter(e -> e.groupId() == group).count();
    }

    /** The engine count of every group that has engines, e.g. {@code group 0: 1 of 8}. */
    public String engineGroups() {
        StringBuilder sb = new StringBuilder();
        engines.stream().mapToInt(IaaEngine::groupId).filter(g -> g >= 0).distinct().sorted().forEach(g -> {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append("group ").append(g).append(": ").append(enginesInGroup(g));
        });
        long unassigned = engines.stream().filter(e -> e.groupId() < 0).count();
        if (unassigned > 0) {
            sb.append(sb.isEmpty() ? "" : ", ").append(unassigned).append(" in no group");
        }
        return sb.append(" (of ").append(maxEngines < 0 ? engines.size() : maxEngines).append(")").toString();
    }

    /** Sum of the sizes of every work queue (the kernel refuses more than {@code max_work_queues_size}). */
    public int claimedWorkQueueSize() {
        return workQueues.stream().mapToInt(w -> Math.max(w.size(), 0)).sum();
    }
}
