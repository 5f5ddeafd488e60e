package io.vdobench.ffm.iaa;

import java.util.Set;

/**
 * What {@code /proc/cpuinfo} says about the first CPU. {@link #IAA_FLAGS} are the flags (cpuinfo names from
 * the kernel's {@code arch/x86/include/asm/cpufeatures.h}) that decide whether user space can submit to IAA.
 */
public record CpuFacts(String vendor, String model, Set<String> flags) {
    /**
     * {@code enqcmd}: ENQCMD, how a shared work queue is submitted to (the kernel hides the flag when it cannot
     * give processes a PASID); {@code movdir64b}: how a dedicated one is; {@code la57}: five-level paging, under
     * which shared queues needed the {@code no5lvl} boot parameter (intel/qpl #50).
     */
    public static final Set<String> IAA_FLAGS = Set.of("enqcmd", "movdir64b", "la57");

    public CpuFacts {
        flags = Set.copyOf(flags);
    }

    public boolean intel() {
        return "GenuineIntel".equals(vendor);
    }

    public boolean known() {
        return !vendor.isEmpty();
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
