package io.vdobench.ffm.iaa;

import java.util.List;

/**
 * One problem {@link IaaDoctor} found: what is wrong, and the exact commands that fix it (empty when no command
 * can, e.g. a CPU without IAA).
 *
 * @param subject what it concerns: {@code host}, {@code cpu}, {@code iax1}, {@code wq1.0}, {@code iaa_crypto}
 */
public record IaaFinding(Severity severity, String subject, String problem, List<String> fix) {
    public enum Severity {
        /** libqpl's hardware path cannot run. */
        BLOCKER,
        /** It runs, but slower than the hardware can, so results would understate IAA. */
        WARNING,
        /** A setting that changes the kernel's IAA cost (iaa_crypto), worth recording, not wrong. */
        NOTE
    }

    public IaaFinding {
        fix = List.copyOf(fix);
    }
}
