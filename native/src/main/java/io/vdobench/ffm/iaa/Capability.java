package io.vdobench.ffm.iaa;

/** Whether this process holds a capability, from {@code CapEff} in {@code /proc/self/status}. */
public enum Capability {
    YES, NO, UNKNOWN;

    /** {@code CAP_SYS_RAWIO} (linux/capability.h): needed to mmap a work queue's portal since kernel 6.9.3. */
    public static final int CAP_SYS_RAWIO = 17;

    /** Reads bit {@code cap} of a {@code CapEff} hex mask; UNKNOWN when it is not one. */
    public static Capability fromCapEff(String hexMask, int cap) {
        if (hexMask == null || !hexMask.strip().matches("[0-9a-fA-F]{1,16}")) {
            return UNKNOWN;
        }
        long mask = Long.parseUnsignedLong(hexMask.strip(), 16);
        return (mask >>> cap & 1) != 0 ? YES : NO;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
