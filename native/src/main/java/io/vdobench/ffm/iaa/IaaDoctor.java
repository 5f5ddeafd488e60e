package io.vdobench.ffm.iaa;

import io.vdobench.ffm.iaa.IaaFinding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Says what keeps libqpl's hardware path from running on a host, or from running at full speed, and prints the
 * commands that fix it. Pure: it reads an {@link IaaHost}, so every rule is tested on recorded hosts.
 *
 * <p>Where the rules come from:
 * <ul>
 * <li>What libqpl accepts: an enabled {@code iax} device and an enabled <em>shared</em> work queue whose user
 *     device node it can open read-write (intel/qpl {@code sources/middle-layer/dispatcher/hw_device.cpp},
 *     {@code hw_queue.cpp}); dedicated queues only in {@code DWQ_SUPPORT} builds (QPL {@code installation.rst}).</li>
 * <li>The kernel's default set-up, one dedicated kernel queue per device named {@code iaa_crypto} with engine 0
 *     only, and the iaa_crypto attributes {@code sync_mode}/{@code verify_compress}: Documentation/driver-api/crypto/
 *     iaa/iaa-crypto.rst and {@code drivers/dma/idxd/defaults.c} (anchors-2026-12 §2).</li>
 * <li>The accel-config lines: {@code accel-config-config-wq(1)}, {@code -config-engine(1)}, {@code -enable-device(1)}
 *     (accel-config 3.5.3), in the order of Intel's {@code configure_iaa_user.sh}: disable the queues and the
 *     device, assign every engine to group 0, configure a shared user queue (threshold = size, as Intel's script;
 *     the kernel accepts 0 &lt; threshold &lt;= size, {@code wq_threshold_store}), enable the device, then the queues.
 *     Sizes can change only while the device is disabled ({@code wq_size_store}).</li>
 * <li>Privilege and SVA: shared queues need IOMMU scalable mode ({@code intel_iommu=on,sm_on}, iaa-crypto.rst) and,
 *     under five-level paging, {@code no5lvl} (intel/qpl #50); without {@code CAP_SYS_RAWIO} libqpl cannot mmap the
 *     portal (kernel 6.9.3, commit 796aec4a5b58) and falls back to one {@code write()} per job (intel/qpl #980).</li>
 * </ul>
 */
public final class IaaDoctor {
    /** The name the fix gives the user queue it configures. */
    static final String QUEUE_NAME = "vdobench";
    static final int QUEUE_PRIORITY = 10;

    private IaaDoctor() {
    }

    public static List<IaaFinding> diagnose(IaaHost h) {
        List<IaaFinding> out = new ArrayList<>();
        CpuFacts cpu = h.cpu();
        if (cpu.known() && !cpu.intel()) {
            out.add(new IaaFinding(Severity.BLOCKER, "cpu", "no IAA device: this CPU (" + describe(cpu)
                    + ") has none; IAA is part of Intel Xeon processors from the 4th generation (Sapphire Rapids) on",
                    List.of()));
            return out;
        }
        if (h.devices().isEmpty()) {
            out.add(noDevice(h));
            return out;
        }
        for (IaaDevice d : h.devices()) {
            device(h, d, out);
        }
        if (cpu.known() && !cpu.has("enqcmd")) {
            out.add(new IaaFinding(Severity.BLOCKER, "cpu", "CPU flag enqcmd is absent: shared work queues are "
                    + "submitted to with ENQCMD, which the kernel only offers when it can give processes a PASID",
                    svaFix(cpu)));
        }
        if (h.capSysRawio() == Capability.NO) {
            out.add(new IaaFinding(Severity.WARNING, "process", "no CAP_SYS_RAWIO: since kernel 6.9.3 libqpl cannot "
                    + "mmap a work queue's portal without it and submits every job with a write() system call instead",
                    List.of("sudo ./vdobench ...   # run as root",
                            "setcap cap_sys_rawio+ep \"$(readlink -f \"$JAVA_HOME/bin/java\")\"   # or give the JVM binary the capability")));
        }
        IaaCryptoDriver crypto = h.iaaCrypto();
        if (crypto.loaded() && "1".equals(crypto.verifyCompress())) {
            out.add(new IaaFinding(Severity.NOTE, "iaa_crypto", "verify_compress=1 (mainline default): every kernel "
                    + "compress is followed by a hardware decompress (set it while iaa_crypto's queues are disabled: "
                    + "it is captured when deflate-iaa registers)",
                    List.of("echo 0 > /sys/bus/dsa/drivers/crypto/verify_compress")));
        }
        if (crypto.loaded() && "sync".equals(crypto.syncMode())) {
            out.add(new IaaFinding(Severity.NOTE, "iaa_crypto", "sync_mode=sync (mainline default): the kernel "
                    + "submits and polls one job at a time (set it while iaa_crypto's queues are disabled: it is "
                    + "captured when deflate-iaa registers)",
                    List.of("echo async > /sys/bus/dsa/drivers/crypto/sync_mode")));
        }
        return out;
    }

    /** The first blocker as one line ({@code subject: problem}), or "" when nothing blocks the hardware path. */
    public static String blocker(IaaHost h) {
        return firstBlocker(diagnose(h));
    }

    /** The first blocker of {@code findings} as one line, or "". */
    public static String firstBlocker(List<IaaFinding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.BLOCKER).findFirst()
                .map(f -> f.subject() + ": " + f.problem()).orElse("");
    }

    private static IaaFinding noDevice(IaaHost h) {
        List<String> fix = new ArrayList<>();
        String problem;
        if (!h.dsaBus() && !h.idxdLoaded()) {
            problem = "no IAA device: the idxd driver is not loaded (/sys/bus/dsa is absent)";
            fix.add("modprobe idxd");
        } else {
            problem = "no IAA device on the dsa bus (/sys/bus/dsa/devices has no iax<n>)";
        }
        fix.add("lspci -d :0cfe   # IAA's PCI id: shows whether the hardware is there at all");
        fix.addAll(svaFix(h.cpu()));
        return new IaaFinding(Severity.BLOCKER, "host", problem, fix);
    }

    private static void device(IaaHost h, IaaDevice d, List<IaaFinding> out) {
        List<IaaWorkQueue> usable = d.workQueues().stream().filter(IaaWorkQueue::usableByQpl).toList();
        if (!d.enabled() || usable.isEmpty()) {
            out.add(unusable(h, d));
            return;
        }
        for (int group : usable.stream().mapToInt(IaaWorkQueue::groupId).distinct().toArray()) {
            int engines = d.enginesInGroup(group);
            int max = d.maxEngines() > 0 ? d.maxEngines() : d.engines().size();
            if (engines < max) {
                String wqs = usable.stream().filter(w -> w.groupId() == group).map(IaaWorkQueue::name)
                        .collect(Collectors.joining(", "));
                out.add(new IaaFinding(Severity.WARNING, d.name(), "group " + group + " (" + wqs + ") has " + engines
                        + " of " + max + " engines: its jobs run on " + engines + " engine" + (engines == 1 ? "" : "s")
                        + (engines == 1 ? " (the kernel's default set-up assigns engine 0 only)" : ""),
                        reconfigure(d, group, null, 0)));
            }
        }
        for (IaaWorkQueue w : usable) {
            if (!w.blockOnFault()) {
                out.add(new IaaFinding(Severity.NOTE, w.name(), "block_on_fault=0: a page fault stops a job and libqpl "
                        + "resubmits it (vdobench pre-touches its buffers, so its own jobs should not fault)", List.of()));
            }
        }
    }

    /** A device with no queue libqpl can use: say why, per queue, and how to configure one. */
    private static IaaFinding unusable(IaaHost h, IaaDevice d) {
        List<String> why = new ArrayList<>();
        if (!d.enabled()) {
            why.add(d.name() + " is " + (d.state().isEmpty() ? "in an unknown state" : d.state()));
        }
        List<IaaWorkQueue> configured = d.workQueues().stream().filter(w -> w.size() > 0 || w.enabled()).toList();
        if (configured.isEmpty()) {
            why.add("no work queue is configured");
        }
        for (IaaWorkQueue w : configured) {
            why.add(w.describe() + queueProblem(w));
        }
        if (!d.pasidEnabled()) {
            why.add("PASID is off (pasid_enabled=0), so shared queues cannot work: the IOMMU is not in scalable mode");
        }
        // A shared user queue that only lacks access needs no reconfiguration.
        IaaWorkQueue denied = d.workQueues().stream()
                .filter(w -> w.enabled() && w.shared() && w.user() && !w.devNode().isEmpty() && !w.devNodeWritable())
                .findFirst().orElse(null);
        List<String> fix = new ArrayList<>();
        if (!d.pasidEnabled()) {
            fix.addAll(svaFix(h.cpu()));
        }
        if (denied != null && d.enabled()) {
            fix.add("sudo ./vdobench ...   # libqpl opens " + denied.devNode() + " read-write: run as root");
            fix.add("chmod 0660 " + denied.devNode() + " && chgrp \"$(id -gn)\" " + denied.devNode() + "   # or let your group in");
        } else if (!d.configurable()) {
            fix.add("# " + d.name() + " is not configurable (configurable=0, e.g. a guest's device): "
                    + "its host has to provide an enabled shared user work queue");
        } else {
            IaaWorkQueue target = userQueueSlot(d);
            int group = target.groupId() >= 0 ? target.groupId() : 0;
            fix.addAll(reconfigure(d, group, target, queueSize(d, target)));
        }
        return new IaaFinding(Severity.BLOCKER, d.name(), "no work queue libqpl can use: " + String.join("; ", why), fix);
    }

    private static String queueProblem(IaaWorkQueue w) {
        if (!w.shared()) {
            return " (libqpl uses shared queues only" + (w.user() ? ")" : "; this one belongs to the kernel)");
        }
        if (!w.user()) {
            return " (a kernel queue: user space cannot submit to it)";
        }
        if (!w.enabled()) {
            return " (not enabled)";
        }
        if (w.devNode().isEmpty()) {
            return " (no /dev/iax/" + w.name() + " device node)";
        }
        if (!w.devNodeWritable()) {
            return " (" + w.devNode() + " cannot be opened read-write by this process: libqpl answers 503 for non-root users, intel/qpl #33)";
        }
        return "";
    }

    /**
     * The queue to make a shared user queue: one already of type user, else an unused one, never the kernel's
     * (iaa_crypto keeps its own); {@code wq<id>.0} when the device lists none.
     */
    private static IaaWorkQueue userQueueSlot(IaaDevice d) {
        List<IaaWorkQueue> wqs = d.workQueues();
        return wqs.stream().filter(IaaWorkQueue::user).findFirst()
                .or(() -> wqs.stream().filter(w -> !w.enabled() && !"kernel".equals(w.type())).findFirst())
                .orElseGet(() -> new IaaWorkQueue("wq" + d.id() + "." + nextIndex(d), 0, "", 0, 0, 0, "", "", "", "",
                        "", false, -1, "", false));
    }

    private static int nextIndex(IaaDevice d) {
        return d.workQueues().stream().mapToInt(w -> Integer.parseInt(w.name().substring(w.name().indexOf('.') + 1)))
                .max().orElse(-1) + 1;
    }

    /** Room left on the device for {@code target}: what the other queues leave of {@code max_work_queues_size}. */
    private static int queueSize(IaaDevice d, IaaWorkQueue target) {
        int others = d.workQueues().stream().filter(w -> !w.name().equals(target.name()))
                .mapToInt(w -> Math.max(w.size(), 0)).sum();
        int max = d.maxWorkQueueSize() > 0 ? d.maxWorkQueueSize() : 128;
        return max - others;
    }

    /**
     * Disables the device's queues and the device, puts every engine into {@code group}, optionally configures
     * {@code target} as a shared user queue of {@code size} entries (shrinking the largest other queue to make room
     * when the device has none left), then enables the device and every queue that was enabled, plus the target.
     */
    private static List<String> reconfigure(IaaDevice d, int group, IaaWorkQueue target, int size) {
        List<String> cmds = new ArrayList<>();
        String dev = d.name();
        List<IaaWorkQueue> enabled = d.workQueues().stream().filter(IaaWorkQueue::enabled).toList();
        for (IaaWorkQueue w : enabled) {
            cmds.add("accel-config disable-wq " + dev + "/" + w.name());
        }
        if (d.enabled()) {
            cmds.add("accel-config disable-device " + dev
                    + "   # caution: on Ubuntu's 6.8 kernel this has oopsed in idxd_device_evl_free");
        }
        int engines = d.maxEngines() > 0 ? d.maxEngines() : d.engines().size();
        for (int e = 0; e < engines; e++) {
            String name = "engine" + d.id() + "." + e;
            int current = d.engines().stream().filter(x -> x.name().equals(name)).mapToInt(IaaEngine::groupId).findFirst().orElse(-1);
            if (current != group) {
                cmds.add("accel-config config-engine " + dev + "/" + name + " --group-id=" + group);
            }
        }
        if (target != null) {
            if (size <= 0) {
                IaaWorkQueue biggest = d.workQueues().stream().filter(w -> !w.name().equals(target.name()))
                        .max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
                int keep = biggest.size() / 2;
                size = biggest.size() - keep;
                cmds.add("accel-config config-wq " + dev + "/" + biggest.name() + " --wq-size=" + keep
                        + "   # make room: it holds all " + biggest.size() + " entries");
            }
            cmds.add("accel-config config-wq " + dev + "/" + target.name() + " --group-id=" + group + " --mode=shared"
                    + " --wq-size=" + size + " --threshold=" + size + " --priority=" + QUEUE_PRIORITY
                    + " --block-on-fault=1 --type=user --name=" + QUEUE_NAME + " --driver-name=user");
        }
        cmds.add("accel-config enable-device " + dev);
        for (IaaWorkQueue w : enabled) {
            if (target == null || !w.name().equals(target.name())) {
                cmds.add("accel-config enable-wq " + dev + "/" + w.name());
            }
        }
        if (target != null) {
            cmds.add("accel-config enable-wq " + dev + "/" + target.name());
        }
        return cmds;
    }

    /** Boot parameters for shared work queues (IOMMU scalable mode; {@code no5lvl} under five-level paging). */
    private static List<String> svaFix(CpuFacts cpu) {
        return List.of("# enable VT-d in the BIOS and boot with: intel_iommu=on,sm_on" + (cpu.has("la57") ? " no5lvl" : ""));
    }

    private static String describe(CpuFacts cpu) {
        return (cpu.model().isEmpty() ? "unknown model" : cpu.model()) + ", " + cpu.vendor();
    }
}
