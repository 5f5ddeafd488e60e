package io.vdobench.ffm.iaa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How IAA is set up on one host, as {@link IaaHostReader} read it: enough to say why libqpl's hardware path does
 * or does not run, and to make two IAA results comparable ({@link #facts()} goes into environment.properties).
 *
 * @param kernel        {@code /proc/sys/kernel/osrelease}
 * @param iommuBootArgs the boot parameters that decide IOMMU scalable mode and SVA ({@code intel_iommu=},
 *                      {@code iommu=}, {@code no5lvl}, {@code idxd.*}), "" when none
 * @param dsaBus        {@code /sys/bus/dsa} exists (the idxd driver registered its bus)
 * @param idxdLoaded    {@code /sys/module/idxd} exists
 * @param idxdSva       the idxd module's {@code sva} parameter ({@code Y}/{@code N}), "" when unknown
 * @param iommuUnits    IOMMU units in {@code /sys/class/iommu} (Intel: {@code dmar<n>}), -1 when unknown
 */
public record IaaHost(CpuFacts cpu, String kernel, String iommuBootArgs, boolean dsaBus, boolean idxdLoaded,
        String idxdSva, IaaCryptoDriver iaaCrypto, int iommuUnits, Capability capSysRawio, List<IaaDevice> devices) {

    public IaaHost {
        devices = List.copyOf(devices);
    }

    /** Work queues libqpl's hardware path would open, on enabled devices. */
    public List<IaaWorkQueue> qplQueues() {
        return devices.stream().filter(IaaDevice::enabled)
                .flatMap(d -> d.workQueues().stream()).filter(IaaWorkQueue::usableByQpl).toList();
    }

    /**
     * The facts as flat {@code iaa.*} keys, in a stable order (reports/SCHEMA.md lists them). Per device
     * {@code iaa.<dev>.*}, per work queue {@code iaa.<wq>.*}.
     */
    public Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("iaa.devices", Integer.toString(devices.size()));
        m.put("iaa.cpu.vendor", or(cpu.vendor()));
        m.put("iaa.cpu.flags", cpu.flags().isEmpty() ? "none of " + String.join(" ", CpuFacts.IAA_FLAGS.stream().sorted().toList())
                : cpu.flags().stream().sorted().collect(Collectors.joining(" ")));
        m.put("iaa.kernel", or(kernel));
        m.put("iaa.iommu", (iommuUnits < 0 ? "unknown" : iommuUnits + " unit(s)")
                + (iommuBootArgs.isEmpty() ? "" : "; boot: " + iommuBootArgs));
        m.put("iaa.idxd", idxdLoaded ? "loaded" + (idxdSva.isEmpty() ? "" : ", sva=" + idxdSva) : dsaBus ? "built in" : "not loaded");
        m.put("iaa.crypto", iaaCrypto.loaded() ? "loaded" : "not loaded");
        if (iaaCrypto.loaded()) {
            m.put("iaa.crypto.sync_mode", or(iaaCrypto.syncMode()));
            m.put("iaa.crypto.verify_compress", or(iaaCrypto.verifyCompress()));
        }
        m.put("iaa.cap_sys_rawio", capSysRawio.label());
        for (IaaDevice d : devices) {
            String k = "iaa." + d.name();
            m.put(k + ".generation", d.generation());
            m.put(k + ".state", or(d.state()));
            m.put(k + ".gen_cap", d.genCap() < 0 ? "unknown" : String.format("%#x", d.genCap()));
            m.put(k + ".pasid_enabled", d.pasidEnabled() ? "1" : "0");
            m.put(k + ".engines", d.engineGroups());
            m.put(k + ".wq_size_max", Integer.toString(d.maxWorkQueueSize()));
            for (IaaWorkQueue w : d.workQueues()) {
                if (w.size() <= 0 && !w.enabled()) {
                    continue; // unconfigured: the kernel lists every possible queue
                }
                String q = "iaa." + w.name();
                m.put(q + ".mode", or(w.mode()));
                m.put(q + ".size", Integer.toString(w.size()));
                m.put(q + ".type", or(w.type()));
                m.put(q + ".state", or(w.state()));
                m.put(q + ".driver", or(w.driver()));
                m.put(q + ".group", Integer.toString(w.groupId()));
                m.put(q + ".block_on_fault", w.blockOnFault() ? "1" : "0");
            }
        }
        return m;
    }

    private static String or(String s) {
        return s.isEmpty() ? "unknown" : s;
    }
}
