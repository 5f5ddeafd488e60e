package io.vdobench.ffm.iaa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.ffm.iaa.IaaFinding.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the doctor says, and the exact commands it prints, for each recorded host. */
class IaaDoctorTest {
    private static final String SHARED_QUEUE = " --group-id=0 --mode=shared --wq-size=%d --threshold=%d --priority=10"
            + " --block-on-fault=1 --type=user --name=vdobench --driver-name=user";

    @TempDir
    Path tmp;

    private List<IaaFinding> findings(String host) {
        return IaaDoctor.diagnose(RecordedHosts.host(host, tmp));
    }

    private static List<IaaFinding> of(List<IaaFinding> all, Severity s) {
        return all.stream().filter(f -> f.severity() == s).toList();
    }

    @Test
    void amdHostHasOneBlockerAndNoCommand() {
        List<IaaFinding> f = findings("amd-epyc");
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.BLOCKER, f.get(0).severity());
        assertEquals("cpu", f.get(0).subject());
        assertTrue(f.get(0).problem().startsWith("no IAA device: this CPU (AMD EPYC, AuthenticAMD) has none"), f.get(0).problem());
        assertTrue(f.get(0).fix().isEmpty());
    }

    @Test
    void unloadedIdxdIsTheBlockerAndModprobeTheFix() {
        List<IaaFinding> f = findings("no-device");
        assertEquals(1, f.size(), f.toString());
        assertEquals("no IAA device: the idxd driver is not loaded (/sys/bus/dsa is absent)", f.get(0).problem());
        assertEquals("modprobe idxd", f.get(0).fix().get(0));
        assertTrue(IaaDoctor.blocker(RecordedHosts.host("no-device", tmp)).startsWith("host: no IAA device"));
    }

    @Test
    void disabledDeviceWithoutQueuesGetsTheWholeConfiguration() {
        List<IaaFinding> f = findings("device-no-wq");
        List<IaaFinding> blockers = of(f, Severity.BLOCKER);
        assertEquals(1, blockers.size(), f.toString());
        IaaFinding b = blockers.get(0);
        assertEquals("iax1", b.subject());
        assertEquals("no work queue libqpl can use: iax1 is disabled; no work queue is configured", b.problem());
        List<String> expected = new java.util.ArrayList<>();
        for (int e = 0; e < 8; e++) {
            expected.add("accel-config config-engine iax1/engine1." + e + " --group-id=0");
        }
        expected.add("accel-config config-wq iax1/wq1.0" + SHARED_QUEUE.formatted(128, 128));
        expected.add("accel-config enable-device iax1");
        expected.add("accel-config enable-wq iax1/wq1.0");
        assertEquals(expected, b.fix());
    }

    @Test
    void kernelsDedicatedQueueIsKeptAndASharedOneAddedBesideIt() {
        List<IaaFinding> f = findings("dedicated-wq");
        IaaFinding b = of(f, Severity.BLOCKER).get(0);
        assertEquals("no work queue libqpl can use: wq1.0: dedicated kernel \"iaa_crypto\", size 128, enabled, driver crypto"
                + " (libqpl uses shared queues only; this one belongs to the kernel)", b.problem());
        List<String> expected = new java.util.ArrayList<>(List.of(
                "accel-config disable-wq iax1/wq1.0",
                "accel-config disable-device iax1   # caution: on Ubuntu's 6.8 kernel this has oopsed in idxd_device_evl_free"));
        for (int e = 1; e < 8; e++) {
            expected.add("accel-config config-engine iax1/engine1." + e + " --group-id=0");
        }
        expected.add("accel-config config-wq iax1/wq1.0 --wq-size=64   # make room: it holds all 128 entries");
        expected.add("accel-config config-wq iax1/wq1.1" + SHARED_QUEUE.formatted(64, 64));
        expected.add("accel-config enable-device iax1");
        expected.add("accel-config enable-wq iax1/wq1.0");
        expected.add("accel-config enable-wq iax1/wq1.1");
        assertEquals(expected, b.fix());
        List<IaaFinding> notes = of(f, Severity.NOTE);
        assertEquals(List.of("iaa_crypto", "iaa_crypto"), notes.stream().map(IaaFinding::subject).toList());
        assertTrue(notes.get(0).problem().startsWith("verify_compress=1"), notes.get(0).problem());
        assertTrue(notes.get(1).problem().startsWith("sync_mode=sync"), notes.get(1).problem());
        assertEquals(List.of("echo 0 > /sys/bus/dsa/drivers/crypto/verify_compress"), notes.get(0).fix());
        assertEquals(List.of("echo async > /sys/bus/dsa/drivers/crypto/sync_mode"), notes.get(1).fix());
    }

    @Test
    void oneEngineAndNoRawioAreWarningsNotBlockers() {
        List<IaaFinding> f = findings("one-engine");
        assertTrue(of(f, Severity.BLOCKER).isEmpty(), f.toString());
        List<IaaFinding> w = of(f, Severity.WARNING);
        assertEquals(2, w.size(), f.toString());
        assertEquals("group 0 (wq1.0) has 1 of 8 engines: its jobs run on 1 engine (the kernel's default set-up assigns"
                + " engine 0 only)", w.get(0).problem());
        List<String> expected = new java.util.ArrayList<>(List.of("accel-config disable-wq iax1/wq1.0",
                "accel-config disable-device iax1   # caution: on Ubuntu's 6.8 kernel this has oopsed in idxd_device_evl_free"));
        for (int e = 1; e < 8; e++) {
            expected.add("accel-config config-engine iax1/engine1." + e + " --group-id=0");
        }
        expected.add("accel-config enable-device iax1");
        expected.add("accel-config enable-wq iax1/wq1.0");
        assertEquals(expected, w.get(0).fix());
        assertEquals("process", w.get(1).subject());
        assertTrue(w.get(1).problem().startsWith("no CAP_SYS_RAWIO"), w.get(1).problem());
        assertEquals("", IaaDoctor.blocker(RecordedHosts.host("one-engine", tmp)));
    }

    @Test
    void healthyHostHasNothingToFix() {
        List<IaaFinding> f = findings("healthy-shared");
        assertTrue(of(f, Severity.BLOCKER).isEmpty() && of(f, Severity.WARNING).isEmpty(), f.toString());
        assertTrue(of(f, Severity.NOTE).isEmpty(), "async and verify off: " + f);
    }

    @Test
    void sharedQueuesNeedPasidAndEnqcmd() throws Exception {
        Path root = RecordedHosts.root("healthy-shared", tmp);
        java.nio.file.Files.writeString(root.resolve("sys/bus/dsa/devices/iax1/pasid_enabled"), "0\n");
        java.nio.file.Files.writeString(root.resolve("proc/cpuinfo"),
                "vendor_id\t: GenuineIntel\nmodel name\t: x\nflags\t\t: fpu la57\n");
        java.nio.file.Files.delete(root.resolve("dev/iax/wq1.1"));
        List<IaaFinding> f = IaaDoctor.diagnose(IaaHostReader.read(root));
        List<IaaFinding> blockers = of(f, Severity.BLOCKER);
        assertEquals(List.of("iax1", "cpu"), blockers.stream().map(IaaFinding::subject).toList(), f.toString());
        assertTrue(blockers.get(0).problem().contains("PASID is off (pasid_enabled=0)"), blockers.get(0).problem());
        assertTrue(blockers.get(0).problem().contains("(no /dev/iax/wq1.1 device node)"), blockers.get(0).problem());
        assertEquals("# enable VT-d in the BIOS and boot with: intel_iommu=on,sm_on no5lvl", blockers.get(0).fix().get(0));
        assertTrue(blockers.get(1).problem().startsWith("CPU flag enqcmd is absent"));
    }
}
