package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.vdo.VdoStatistics;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole stack: real fio (nbd engine) writes fio's own 60 %-compressible data through the NBD
 * server into a VDO pipeline volume, then reads it back with crc32c verification. Zero errors, every
 * byte verified, and the volume really compressed and packed what it got.
 */
@Timeout(300)
class FioVdoVolumeTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needFio() throws Exception {
        FioNbdTest.findFio();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "iaa"})
    void fourJobsWriteAndVerifyThroughThePipeline(String policy) throws Exception {
        var opts = new ServeNbdCommand.Options(0, null, 64L << 20, policy, ServeNbdCommand.Storage.MEMORY, null, null,
                NbdServerConfig.defaults());
        try (VdoVolumeNbdBackend backend = VdoVolumeNbdBackend.open(opts);
             NbdServer server = NbdServer.startTcp(backend, NbdServerConfig.defaults(), 0)) {
            FioNbdTest.FioRun run = FioNbdTest.runFio(dir, server.port(), "vdo-" + policy, "--rw=randwrite",
                    "--bs=16k", "--size=4M", "--numjobs=4", "--offset_increment=4M", "--iodepth=4",
                    "--verify=crc32c", "--do_verify=1", "--verify_fatal=1");
            FioNbdTest.assertClean(run, 4, 4L << 20);
            // fio's verify mode writes its own (incompressible) fill, so compression is shown with a
            // second job writing fio's 60 %-compressible buffers into a fresh region.
            FioNbdTest.FioRun fill = FioNbdTest.runFio(dir, server.port(), "fill-" + policy, "--rw=write",
                    "--bs=64k", "--size=4M", "--offset=32M", "--buffer_compress_percentage=60", "--refill_buffers");
            assertEquals(0, fill.exitCode(), fill.log());
            backend.flush();
            VdoStatistics s = backend.volume().statistics();
            assertEquals(5120, s.logicalBlocksUsed(), s.format());
            assertTrue(s.packedBlocksWritten() > 0 && s.compressedFragmentsWritten() >= 1000, s.format());
            // Without libqpl the IAA policy falls back to LZ4 for every block, as the patch does.
            boolean qpl = backend.volume().policy().codecs().get(0).info().available();
            String algorithm = policy.equals("iaa") && qpl ? "DEFLATE_IAA/" : "LZ4/";
            assertTrue(s.fragmentsByAlgorithmPath().keySet().stream().allMatch(k -> k.startsWith(algorithm)),
                    s.fragmentsByAlgorithmPath().toString());
            assertTrue(backend.statistics().contains("policy : " + policy));
        }
    }
}
