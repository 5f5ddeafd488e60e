package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.fio.VerifiedCompression;
import io.vdobench.testing.Prerequisites;
import io.vdobench.vdo.VdoStatistics;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole stack: real fio (nbd engine) writes the matrix's 60 %-compressible data through the NBD
 * server into a VDO pipeline volume and reads it back with crc32c verification (4 KiB verify blocks:
 * see {@link FioNbdTest#verifyJobsOf4kWriteTheMatrixCompressibilityPerBlock}). Zero errors, every
 * byte verified, and the volume's statistics show that the verified data went through the
 * compressed path both ways: fragments of the policy's algorithm written, packed, and decoded by
 * fio's verify reads.
 */
@Timeout(300)
class FioVdoVolumeTest {
    static final long JOB_BYTES = 4L << 20;
    static final int JOBS = 4;

    @TempDir
    Path dir;

    @BeforeAll
    static void needFio() {
        FioNbdTest.findFio();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "iaa"})
    void fourJobsWriteAndVerifyCompressedFragmentsThroughThePipeline(String policy) throws Exception {
        var opts = new ServeNbdCommand.Options(0, null, 64L << 20, policy, ServeNbdCommand.Storage.MEMORY, null, null,
                NbdServerConfig.defaults());
        try (VdoVolumeNbdBackend backend = VdoVolumeNbdBackend.open(opts);
             NbdServer server = NbdServer.startTcp(backend, NbdServerConfig.defaults(), 0)) {
            CodecInfo preferred = backend.volume().policy().codecs().get(0).info();
            // The patch's IAA policy writes DEFLATE_IAA fragments (libqpl: IAA, else its software path).
            CompressionAlgorithm expected = policy.equals("iaa") ? CompressionAlgorithm.DEFLATE_IAA
                    : CompressionAlgorithm.LZ4;
            assertEquals(expected, preferred.algorithm(), preferred.toString());
            Prerequisites.require(preferred.available(), () -> preferred.id() + " is not provisioned (native/provision.sh): "
                    + preferred.reason());
            VdoStatistics before = backend.volume().statistics();
            FioNbdTest.FioRun run = FioNbdTest.runFio(dir, server.port(), "vdo-" + policy,
                    FioNbdTest.verified("--rw=randwrite", "--bs=4k", "--size=" + JOB_BYTES, "--numjobs=" + JOBS,
                            "--offset_increment=" + JOB_BYTES, "--iodepth=4", "--do_verify=1"));
            FioNbdTest.assertClean(run, JOBS, JOB_BYTES);
            VdoStatistics after = backend.volume().statistics();
            VerifiedCompression v = VerifiedCompression.between(before, after);
            String why = v + "\n" + backend.statistics();
            System.out.println("verify pass, policy " + policy + ": " + v); // the measured facts, in the surefire report
            v.require(expected);
            long blocks = JOBS * JOB_BYTES / 4096;
            assertEquals(blocks, v.blocksWritten(), why);
            assertEquals(blocks, v.blocksRead(), why);
            // Only the expected algorithm: no fallback to LZ4 in the IAA policy.
            assertEquals(v.fragmentsWritten(), v.writtenWith(expected), why);
            assertEquals(v.fragmentsRead(), v.readWith(expected), why);
            // The matrix's data compresses: nearly every verified block was a fragment both ways.
            assertTrue(v.fragmentsWritten() >= blocks * 9 / 10, why);
            assertTrue(v.fragmentsRead() >= blocks * 9 / 10, why);
            assertTrue(v.meanFragmentBytes() < 0.6 * 4096, why);
            // The server's vdostats-like text says the same.
            String stats = backend.statistics();
            assertTrue(stats.contains("policy : " + policy), stats);
            assertTrue(stats.lines().anyMatch(l -> l.matches("fragments read " + expected.name() + " +[1-9][0-9]*")),
                    stats);
        }
    }
}
