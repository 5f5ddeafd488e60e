package io.vdobench.ffm.qpl;

import io.vdobench.ffm.iaa.AccelConfigLibrary;
import io.vdobench.ffm.iaa.IaaDoctor;
import io.vdobench.ffm.iaa.IaaFinding;
import io.vdobench.ffm.iaa.IaaHost;
import io.vdobench.ffm.iaa.IaaHostReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that says how IAA was set up for a run: the host ({@link IaaHost}), what the doctor found, the two
 * libraries libqpl's hardware path needs, and one hardware job. {@link #facts()} is what a run records
 * (environment.properties, reports/SCHEMA.md) so two IAA results can be compared on equal terms.
 *
 * @param libqpl e.g. {@code 1.9.0}, or {@code unavailable: ...}
 */
public record IaaSetup(IaaHost host, List<IaaFinding> findings, AccelConfigLibrary accelConfig, String libqpl,
        HardwareJob job) {

    public IaaSetup {
        findings = List.copyOf(findings);
    }

    /** This host, with one hardware job when {@code runJob}. */
    public static IaaSetup thisHost(boolean runJob) {
        IaaHost h = IaaHostReader.thisHost();
        QplLibrary lib = QplLibrary.get();
        return new IaaSetup(h, IaaDoctor.diagnose(h), AccelConfigLibrary.get(),
                lib.isAvailable() ? lib.version() : "unavailable: " + lib.reason(),
                runJob ? HardwareJob.run() : HardwareJob.notRun("not asked for"));
    }

    /** A recorded host: its set-up only; the libraries and the job are this machine's, so they are left out. */
    public static IaaSetup recorded(IaaHost h) {
        return new IaaSetup(h, IaaDoctor.diagnose(h), null, "", HardwareJob.notRun("host read from a recording"));
    }

    public boolean hardwarePathUsable() {
        return job.passed();
    }

    /** The first blocker, or "". */
    public String blocker() {
        return IaaDoctor.firstBlocker(findings);
    }

    /** {@link IaaHost#facts()} plus {@code iaa.libaccel_config}, {@code iaa.libqpl}, {@code iaa.hardware_job},
     * {@code iaa.problems}. */
    public Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>(host.facts());
        if (accelConfig != null) {
            m.put("iaa.libaccel_config", accelConfig.loaded() ? accelConfig.version() : "missing: " + accelConfig.reason());
        }
        if (!libqpl.isEmpty()) {
            m.put("iaa.libqpl", libqpl);
        }
        m.put("iaa.hardware_job", job.status());
        long blockers = findings.stream().filter(f -> f.severity() == IaaFinding.Severity.BLOCKER).count();
        long warnings = findings.stream().filter(f -> f.severity() == IaaFinding.Severity.WARNING).count();
        m.put("iaa.problems", blockers + " blocker(s), " + warnings + " warning(s)"
                + (blockers > 0 ? "; first: " + blocker() : ""));
        return m;
    }
}
