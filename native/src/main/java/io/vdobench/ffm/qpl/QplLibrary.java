package io.vdobench.ffm.qpl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.vdobench.ffm.NativeLibrary;
import io.vdobench.ffm.iaa.AccelConfigLibrary;
import io.vdobench.ffm.iaa.IaaDoctor;
import io.vdobench.ffm.iaa.IaaHostReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libqpl's job API over FFM: {@code qpl_get_job_size}, {@code qpl_init_job}, {@code qpl_execute_job},
 * {@code qpl_fini_job}, plus {@code qpl_get_library_version}. Loaded once per JVM; never throws on
 * load, so a missing library only makes the qpl backends report themselves unavailable.
 *
 * <p>Downcalls are plain (not {@code critical}): every pointer argument is native memory (the job,
 * whose {@code next_in_ptr}/{@code next_out_ptr} cannot hold heap addresses), so heap access buys
 * nothing, and a critical call would hold off GC safepoints for the whole job (milliseconds for a
 * 128 KiB high-level compress) to save a few tens of nanoseconds of thread-state transition.
 */
public final class QplLibrary {
    private static final QplLibrary INSTANCE = new QplLibrary();

    private final NativeLibrary lib;
    private final MethodHandle getJobSize;
    private final MethodHandle initJob;
    private final MethodHandle executeJob;
    private final MethodHandle finiJob;
    /** {@code qpl_submit_job} / {@code qpl_check_job}: the asynchronous pair, used only by the probe; null when absent. */
    private final MethodHandle submitJob;
    private final MethodHandle checkJob;
    private final String version;
    private final String source;
    private final String reason;
    private volatile HardwareProbe hardwareProbe;
    private volatile QplStreamEnd.Support streamEndSupport;

    /** Outcome of trying to initialise one hardware-path job. */
    public record HardwareProbe(int status) {
        public boolean available() {
            return status == QplStatus.QPL_STS_OK.code();
        }

        /** {@code NAME (code)} of the init status. */
        public String describe() {
            return QplStatus.describe(status);
        }
    }

    private QplLibrary() {
        NativeLibrary l = NativeLibrary.open("libqpl", "libqpl.so", "libqpl.so.1");
        MethodHandle size = null;
        MethodHandle init = null;
        MethodHandle exec = null;
        MethodHandle fini = null;
        MethodHandle submit = null;
        MethodHandle check = null;
        String v = "unknown";
        String why = l.reason();
        if (l.isLoaded()) {
            try {
                size = l.downcall("qpl_get_job_size", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
                init = l.downcall("qpl_init_job", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
                exec = l.downcall("qpl_execute_job", FunctionDescriptor.of(JAVA_INT, ADDRESS));
                fini = l.downcall("qpl_fini_job", FunctionDescriptor.of(JAVA_INT, ADDRESS));
                if (l.find("qpl_submit_job").isPresent() && l.find("qpl_check_job").isPresent()) {
                    submit = l.downcall("qpl_submit_job", FunctionDescriptor.of(JAVA_INT, ADDRESS));
                    check = l.downcall("qpl_check_job", FunctionDescriptor.of(JAVA_INT, ADDRESS));
                }
                v = readVersion(l);
                why = "";
            } catch (Throwable t) { // UnsatisfiedLinkError, or a version call gone wrong
                size = init = exec = fini = null;
                why = l.path() + " is not a usable libqpl: " + t;
            }
        }
        this.lib = l;
        this.getJobSize = size;
        this.initJob = init;
        this.executeJob = exec;
        this.finiJob = fini;
        this.submitJob = submit;
        this.checkJob = check;
        this.version = v;
        this.source = describeSource(l);
        this.reason = why;
    }

    public static QplLibrary get() {
        return INSTANCE;
    }

    public boolean isAvailable() {
        return executeJob != null;
    }

    /** Why libqpl cannot be used, or "". */
    public String reason() {
        return reason;
    }

    /** {@code qpl_get_library_version()}, e.g. {@code 1.9.0}. */
    public String version() {
        return version;
    }

    /** What was loaded and where it came from, for {@code CodecInfo.library}. */
    public String description() {
        return source;
    }

    /** {@code qpl_get_job_size(path)} in bytes. */
    public int jobSize(QplPath path) {
        requireAvailable();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_INT);
            int st = (int) getJobSize.invokeExact(path.value(), out);
            if (st != 0) {
                throw new QplException("qpl_get_job_size(" + path.label() + ")", st);
            }
            return out.get(JAVA_INT, 0);
        } catch (QplException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("qpl_get_job_size downcall failed", t);
        }
    }

    /** {@code qpl_init_job(path, job)}; returns the raw status. */
    public int initJob(QplPath path, MemorySegment job) {
        try {
            return (int) initJob.invokeExact(path.value(), job);
        } catch (Throwable t) {
            throw new IllegalStateException("qpl_init_job downcall failed", t);
        }
    }

    /** {@code qpl_execute_job(job)}; returns the raw status. */
    public int executeJob(MemorySegment job) {
        try {
            return (int) executeJob.invokeExact(job);
        } catch (Throwable t) {
            throw new IllegalStateException("qpl_execute_job downcall failed", t);
        }
    }

    /** {@code qpl_submit_job(job)}; returns the raw status. */
    int submitJob(MemorySegment job) {
        return call(submitJob, "qpl_submit_job", job);
    }

    /** {@code qpl_check_job(job)}: {@code QPL_STS_BEING_PROCESSED} until the job is done, then its status. */
    int checkJob(MemorySegment job) {
        return call(checkJob, "qpl_check_job", job);
    }

    private static int call(MethodHandle h, String name, MemorySegment job) {
        if (h == null) {
            throw new UnsupportedOperationException("this libqpl has no " + name);
        }
        try {
            return (int) h.invokeExact(job);
        } catch (Throwable t) {
            throw new IllegalStateException(name + " downcall failed", t);
        }
    }

    /** {@code qpl_fini_job(job)}; returns the raw status. */
    public int finiJob(MemorySegment job) {
        try {
            return (int) finiJob.invokeExact(job);
        } catch (Throwable t) {
            throw new IllegalStateException("qpl_fini_job downcall failed", t);
        }
    }

    /**
     * Tries, once per JVM, to initialise a hardware-path job (and finishes it again when that works).
     * QPL has no way to ask which path an {@code auto} job ran on, so this is how {@code auto} is
     * resolved up front.
     */
    public HardwareProbe hardwareProbe() {
        HardwareProbe p = hardwareProbe;
        if (p == null) {
            synchronized (this) {
                p = hardwareProbe;
                if (p == null) {
                    p = new HardwareProbe(probeHardware());
                    hardwareProbe = p;
                }
            }
        }
        return p;
    }

    /**
     * Whether, on this libqpl, a software decompress can be checked for where its stream ends by reading
     * libqpl's inflate state ({@link QplStreamEnd}); proved once per JVM on known streams.
     */
    QplStreamEnd.Support streamEndSupport() {
        QplStreamEnd.Support s = streamEndSupport;
        if (s == null) {
            synchronized (this) {
                s = streamEndSupport;
                if (s == null) {
                    s = QplStreamEnd.selfCheck(this);
                    streamEndSupport = s;
                }
            }
        }
        return s;
    }

    /**
     * Why a hardware job cannot run here: libqpl's init status, then the next missing piece, named by the host's
     * set-up ({@link IaaDoctor}) or the missing libaccel-config, e.g. {@code QPL_STS_INIT_WORK_QUEUES_NOT_AVAILABLE
     * (503); host: no IAA device: the idxd driver is not loaded (...)}.
     */
    public String hardwareUnavailableReason() {
        HardwareProbe hw = hardwareProbe();
        StringBuilder sb = new StringBuilder(hw.describe());
        if (hw.status() == QplStatus.QPL_STS_INIT_LIBACCEL_NOT_FOUND.code()) {
            sb.append("; ").append(AccelConfigLibrary.get().describe());
        } else {
            String blocker = IaaDoctor.blocker(IaaHostReader.thisHost());
            if (!blocker.isEmpty()) {
                sb.append("; ").append(blocker);
            }
        }
        return sb.append(" (details: ./vdobench iaa-doctor)").toString();
    }

    private int probeHardware() {
        requireAvailable();
        int size;
        try {
            size = jobSize(QplPath.HARDWARE);
        } catch (QplException e) {
            return e.status();
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment job = a.allocate(size, 64);
            int st = initJob(QplPath.HARDWARE, job);
            if (st == 0) {
                finiJob(job);
            }
            return st;
        }
    }

    private void requireAvailable() {
        if (!isAvailable()) {
            throw new io.vdobench.codec.CodecUnavailableException("libqpl unavailable: " + reason);
        }
    }

    private static String readVersion(NativeLibrary l) throws Throwable {
        MethodHandle h = l.downcall("qpl_get_library_version", FunctionDescriptor.of(ADDRESS));
        MemorySegment s = (MemorySegment) h.invokeExact();
        return s.equals(MemorySegment.NULL) ? "unknown" : s.reinterpret(64).getString(0, StandardCharsets.US_ASCII);
    }

    /** The provisioning note next to a vdobench-built library, else "system". */
    private static String describeSource(NativeLibrary l) {
        if (!l.isLoaded()) {
            return "libqpl (not loaded)";
        }
        Path p = Path.of(l.path());
        Path note = p.getParent() == null ? null : p.getParent().resolve("libqpl.source");
        String origin = "system";
        if (note != null && Files.isRegularFile(note)) {
            try {
                origin = Files.readString(note, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                origin = "vdobench-provisioned";
            }
        }
        return l.path() + " (" + origin + ")";
    }
}
