package io.vdobench.ffm.iaa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The sysfs parser on recorded hosts: every fact it reads, and the recording round trip. */
class IaaHostReaderTest {
    @TempDir
    Path tmp;

    @Test
    void hostWithoutIdxdHasNoDevicesAndSaysWhy() {
        IaaHost h = RecordedHosts.host("no-device", tmp);
        assertTrue(h.devices().isEmpty());
        assertFalse(h.dsaBus());
        assertFalse(h.idxdLoaded());
        assertTrue(h.cpu().intel());
        assertEquals(Set.of("enqcmd", "movdir64b"), h.cpu().flags());
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", h.cpu().model());
        assertEquals("6.8.0-45-generic", h.kernel());
        assertEquals("intel_iommu=on,sm_on", h.iommuBootArgs());
        assertEquals(2, h.iommuUnits());
        assertEquals(Capability.YES, h.capSysRawio());
        assertEquals("0", h.facts().get("iaa.devices"));
    }

    @Test
    void kernelDefaultSetUpIsReadQueueByQueue() {
        IaaHost h = RecordedHosts.host("dedicated-wq", tmp);
        assertEquals(1, h.devices().size());
        IaaDevice d = h.devices().get(0);
        assertEquals("iax1", d.name());
        assertEquals(1, d.id());
        assertEquals("IAA 1.0", d.generation());
        assertEquals(0x71f10901f0105L, d.genCap());
        assertTrue(d.blockOnFaultSupported());
        assertEquals("", d.iaaCap(), "iaa_cap exists only on IAA 2.0");
        assertTrue(d.enabled());
        assertTrue(d.pasidEnabled());
        assertEquals(8, d.maxEngines());
        assertEquals(128, d.maxWorkQueueSize());
        assertEquals(8, d.engines().size());
        assertEquals(1, d.enginesInGroup(0));
        assertEquals("group 0: 1, 7 in no group (of 8)", d.engineGroups());
        assertEquals(8, d.workQueues().size());
        IaaWorkQueue w = d.workQueues().get(0);
        assertEquals("wq1.0", w.name());
        assertEquals("dedicated", w.mode());
        assertEquals(128, w.size());
        assertEquals("kernel", w.type());
        assertEquals("enabled", w.state());
        assertEquals("iaa_crypto", w.wqName());
        assertEquals("crypto", w.driverName());
        assertEquals("crypto", w.boundDriver());
        assertEquals(2097152, w.maxTransferSize());
        assertFalse(w.usableByQpl());
        assertEquals("", w.devNode(), "kernel queues get no /dev/iax node");
        assertTrue(h.qplQueues().isEmpty());
        assertEquals(new IaaCryptoDriver(true, "sync", "1"), h.iaaCrypto());
        Map<String, String> f = h.facts();
        assertEquals("1", f.get("iaa.devices"));
        assertEquals("dedicated", f.get("iaa.wq1.0.mode"));
        assertEquals("crypto", f.get("iaa.wq1.0.driver"));
        assertEquals("sync", f.get("iaa.crypto.sync_mode"));
        assertEquals("1", f.get("iaa.crypto.verify_compress"));
        assertFalse(f.containsKey("iaa.wq1.1.mode"), "unconfigured queues are not facts: " + f.keySet());
    }

    @Test
    void healthySharedQueueIsWhatQplWouldOpen() {
        IaaHost h = RecordedHosts.host("healthy-shared", tmp);
        IaaDevice d = h.devices().get(0);
        assertEquals("IAA 2.0", d.generation());
        assertEquals("0xd", d.iaaCap());
        assertEquals(8, d.enginesInGroup(0));
        assertEquals(List.of("wq1.1"), h.qplQueues().stream().map(IaaWorkQueue::name).toList());
        IaaWorkQueue w = h.qplQueues().get(0);
        assertEquals("/dev/iax/wq1.1", w.devNode());
        assertTrue(w.devNodeWritable());
        assertTrue(w.blockOnFault());
        assertEquals(64, w.threshold());
        assertEquals("wq1.1: shared user \"vdobench\", size 64, enabled, driver user", w.describe());
        assertTrue(h.cpu().has("la57"));
        assertEquals("intel_iommu=on,sm_on no5lvl", h.iommuBootArgs());
        assertEquals("group 0: 8 (of 8)", h.facts().get("iaa.iax1.engines"));
        assertEquals("IAA 2.0", h.facts().get("iaa.iax1.generation"));
        assertEquals("yes", h.facts().get("iaa.cap_sys_rawio"));
    }

    @Test
    void missingCapabilityIsRead() {
        assertEquals(Capability.NO, RecordedHosts.host("one-engine", tmp).capSysRawio());
        assertEquals(Capability.YES, Capability.fromCapEff("000001fffeffffff", Capability.CAP_SYS_RAWIO));
        assertEquals(Capability.NO, Capability.fromCapEff("0000000000000000", Capability.CAP_SYS_RAWIO));
        assertEquals(Capability.UNKNOWN, Capability.fromCapEff("not hex", Capability.CAP_SYS_RAWIO));
    }

    @Test
    void unreadableAttributesBecomeUnknownNotErrors() throws Exception {
        Path root = RecordedHosts.root("dedicated-wq", tmp);
        Path version = root.resolve("sys/bus/dsa/devices/iax1/version");
        Files.writeString(version, "garbage\n");
        Files.delete(root.resolve("sys/bus/dsa/devices/wq1.0/size"));
        IaaHost h = IaaHostReader.read(root);
        assertEquals("unknown (version ?)", h.devices().get(0).generation());
        assertEquals(-1, h.devices().get(0).workQueues().get(0).size());
    }

    @ParameterizedTest
    @FieldSource("io.vdobench.ffm.iaa.RecordedHosts#ALL")
    void recordingARecordedHostGivesTheSameHost(String name) throws Exception {
        Path first = RecordedHosts.root(name, tmp);
        List<String> recorded = HostRecording.record(first);
        assertEquals(HostRecording.HEADER, recorded.get(0));
        Path second = tmp.resolve(name + "-again");
        Files.createDirectories(second);
        HostRecording.materialize(recorded, second);
        assertEquals(IaaHostReader.read(first), IaaHostReader.read(second), name);
    }

    @Test
    void badRecordingsAreRejectedWithTheLine() {
        HostRecording.BadRecordingException e = assertThrows(HostRecording.BadRecordingException.class,
                () -> HostRecording.materialize(List.of("# ok", "no separator here"), tmp));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
        assertThrows(HostRecording.BadRecordingException.class,
                () -> HostRecording.materialize(List.of("../etc/passwd: x"), tmp));
        assertThrows(HostRecording.BadRecordingException.class,
                () -> HostRecording.materialize(List.of("/etc/passwd: x"), tmp));
    }

    @Test
    void thisHostIsReadWithoutErrors() {
        IaaHost h = IaaHostReader.thisHost();
        if (!Files.isDirectory(Path.of("/sys/bus/dsa/devices"))) {
            assertTrue(h.devices().isEmpty());
            assertFalse(IaaDoctor.blocker(h).isEmpty(), "no IAA here, so something must block");
        }
        assertFalse(h.facts().isEmpty());
    }
}
