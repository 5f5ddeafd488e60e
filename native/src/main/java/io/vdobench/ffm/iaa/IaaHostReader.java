package io.vdobench.ffm.iaa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link IaaHost} from a file-system root: {@code /} for this host, or a directory holding a recorded tree
 * ({@link HostRecording}), so every rule can be tested without IAA. Reads only: {@code proc/cpuinfo},
 * {@code proc/sys/kernel/osrelease}, {@code proc/cmdline}, {@code proc/self/status}, {@code sys/bus/dsa/...},
 * {@code sys/module/{idxd,iaa_crypto}}, {@code sys/class/iommu} and {@code dev/iax}. Never throws on a missing or
 * unreadable attribute (sysfs answers some reads with an error, e.g. {@code cdev_minor} of a disabled queue): the
 * fact is then unknown (-1 or "").
 */
public final class IaaHostReader {
    private static final Pattern DEVICE = Pattern.compile("iax(\\d+)");
    private static final Pattern MEMBER = Pattern.compile("(wq|engine)(\\d+)\\.(\\d+)");
    private static final Set<String> IOMMU_ARGS = Set.of("intel_iommu", "iommu", "no5lvl", "iommu.passthrough",
            "iommu.strict", "intel_iommu.sm_on");

    private static volatile IaaHost thisHost;

    private final Path root;

    private IaaHostReader(Path root) {
        this.root = root;
    }

    /** This host, read once per JVM (the set-up does not change under a running benchmark). */
    public static IaaHost thisHost() {
        IaaHost h = thisHost;
        if (h == null) {
            h = read(Path.of("/"));
            thisHost = h;
        }
        return h;
    }

    public static IaaHost read(Path root) {
        return new IaaHostReader(root).read();
    }

    private IaaHost read() {
        Path dsa = root.resolve("sys/bus/dsa");
        Path crypto = dsa.resolve("drivers/crypto");
        boolean cryptoLoaded = Files.isDirectory(root.resolve("sys/module/iaa_crypto"));
        IaaCryptoDriver iaaCrypto = cryptoLoaded || Files.isDirectory(crypto)
                ? new IaaCryptoDriver(true, SysFiles.read(crypto.resolve("sync_mode")), SysFiles.read(crypto.resolve("verify_compress")))
                : IaaCryptoDriver.ABSENT;
        String sva = SysFiles.read(root.resolve("sys/module/idxd/parameters/sva"));
        return new IaaHost(cpu(), SysFiles.read(root.resolve("proc/sys/kernel/osrelease")), iommuBootArgs(),
                Files.isDirectory(dsa), Files.isDirectory(root.resolve("sys/module/idxd")), sva, iaaCrypto,
                count(root.resolve("sys/class/iommu")), capSysRawio(), devices(dsa.resolve("devices")));
    }

    private CpuFacts cpu() {
        String vendor = "";
        String model = "";
        Set<String> flags = new HashSet<>();
        for (String line : SysFiles.lines(root.resolve("proc/cpuinfo"))) {
            if (line.isBlank()) {
                break; // the first processor block is enough: flags are the same on every CPU
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "model name" -> model = value;
                case "flags" -> {
                    for (String f : value.split("\\s+")) {
                        if (CpuFacts.IAA_FLAGS.contains(f)) {
                            flags.add(f);
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new CpuFacts(vendor, model, flags);
    }

    private String iommuBootArgs() {
        List<String> kept = new ArrayList<>();
        for (String arg : SysFiles.read(root.resolve("proc/cmdline")).split("\\s+")) {
            String key = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (IOMMU_ARGS.contains(key) || key.startsWith("idxd.")) {
                kept.add(arg);
            }
        }
        return String.join(" ", kept);
    }

    private Capability capSysRawio() {
        for (String line : SysFiles.lines(root.resolve("proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return Capability.fromCapEff(line.substring(7), Capability.CAP_SYS_RAWIO);
            }
        }
        return Capability.UNKNOWN;
    }

    private List<IaaDevice> devices(Path devices) {
        List<Path> entries = SysFiles.list(devices);
        List<IaaDevice> out = new ArrayList<>();
        for (Path p : entries) {
            Matcher m = DEVICE.matcher(p.getFileName().toString());
            if (m.matches()) {
                out.add(device(p, Integer.parseInt(m.group(1)), entries));
            }
        }
        out.sort(Comparator.comparingInt(IaaDevice::id));
        return out;
    }

    private IaaDevice device(Path dir, int id, List<Path> entries) {
        List<IaaEngine> engines = new ArrayList<>();
        List<IaaWorkQueue> wqs = new ArrayList<>();
        // The bus lists wq<dev>.<n> and engine<dev>.<n> beside iax<dev> (and again inside it); use the bus's.
        entries.stream().sorted(Comparator.comparing((Path p) -> memberIndex(p))).forEach(p -> {
            Matcher m = MEMBER.matcher(p.getFileName().toString());
            if (!m.matches() || Integer.parseInt(m.group(2)) != id) {
                return;
            }
            String name = p.getFileName().toString();
            if (m.group(1).equals("engine")) {
                engines.add(new IaaEngine(name, intAttr(p.resolve("group_id"))));
            } else {
                wqs.add(workQueue(p, name));
            }
        });
        return new IaaDevice(dir.getFileName().toString(), id, hexAttr(dir.resolve("version")), longHexAttr(dir.resolve("gen_cap")),
                SysFiles.read(dir.resolve("iaa_cap")), SysFiles.read(dir.resolve("state")), intAttr(dir.resolve("max_engines")),
                intAttr(dir.resolve("max_groups")), intAttr(dir.resolve("max_work_queues")),
                intAttr(dir.resolve("max_work_queues_size")), intAttr(dir.resolve("numa_node")),
                "1".equals(SysFiles.read(dir.resolve("pasid_enabled"))), "1".equals(SysFiles.read(dir.resolve("configurable"))),
                engines, wqs);
    }

    private IaaWorkQueue workQueue(Path dir, String name) {
        String bound = "";
        Path link = dir.resolve("driver");
        if (Files.isSymbolicLink(link)) {
            try {
                Path target = Files.readSymbolicLink(link).getFileName();
                bound = target == null ? "" : target.toString();
            } catch (IOException e) {
                bound = "";
            }
        }
        Path node = root.resolve("dev/iax").resolve(name);
        boolean nodePresent = Files.exists(node);
        return new IaaWorkQueue(name, intAttr(dir.resolve("group_id")), SysFiles.read(dir.resolve("mode")),
                intAttr(dir.resolve("size")), intAttr(dir.resolve("threshold")), intAttr(dir.resolve("priority")),
                SysFiles.read(dir.resolve("type")), SysFiles.read(dir.resolve("state")), SysFiles.read(dir.resolve("name")),
                SysFiles.read(dir.resolve("driver_name")), bound, "1".equals(SysFiles.read(dir.resolve("block_on_fault"))),
                longAttr(dir.resolve("max_transfer_size")), nodePresent ? "/dev/iax/" + name : "",
                nodePresent && Files.isReadable(node) && Files.isWritable(node));
    }

    /** Sort key: numeric (wq1.10 after wq1.9). */
    private static long memberIndex(Path p) {
        Matcher m = MEMBER.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) * 100_000 + Long.parseLong(m.group(3)) : Long.MAX_VALUE;
    }



    private static int intAttr(Path p) {
        try {
            return Integer.parseInt(SysFiles.read(p));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long longAttr(Path p) {
        try {
            return Long.parseLong(SysFiles.read(p));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code %#x} values: 0x100 (and 0, which the kernel prints without the prefix). */
    private static int hexAttr(Path p) {
        long v = longHexAttr(p);
        return v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static long longHexAttr(Path p) {
        String s = SysFiles.read(p).toLowerCase(java.util.Locale.ROOT);
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }


    private static int count(Path dir) {
        return Files.isDirectory(dir) ? SysFiles.list(dir).size() : -1;
    }
}
