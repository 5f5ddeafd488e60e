package io.vdobench.fio;

import java.util.List;
import java.util.Objects;

/**
 * A run profile: warm-up and measurement time per case and which cases run.
 *
 * @param name        {@code smoke}, {@code quick} or {@code full}
 * @param description what the profile is for
 * @param rampSeconds fio {@code ramp_time} (JMH warm-up)
 * @param runSeconds  fio {@code runtime} (JMH measurement)
 * @param caseIds     the case ids this profile runs, in matrix order
 */
public record MatrixProfile(String name, String description, int rampSeconds, int runSeconds, List<String> caseIds) {
    public MatrixProfile {
        Objects.requireNonNull(name, "name");
        if (rampSeconds < 0 || runSeconds < 1) {
            throw new IllegalArgumentException("profile " + name + ": ramp_time must be >= 0 and runtime >= 1 s");
        }
        caseIds = List.copyOf(caseIds);
    }
}
