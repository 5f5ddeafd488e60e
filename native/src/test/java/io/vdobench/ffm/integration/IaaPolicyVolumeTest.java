package io.vdobench.ffm.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vdobench.codec.Codecs;
import io.vdobench.data.DataKind;
import io.vdobench.testing.Prerequisites;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.FallbackReason;
import io.vdobench.vdo.policy.Policies;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The patch's policy on a real volume with the real QPL codec: what it writes, and that it reads back. */
class IaaPolicyVolumeTest {
    private static final int BLOCKS = 512;

    private static Map<String, Long> writeAndVerify(String policy, Codecs codecs) {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(4096).policy(Policies.create(policy, codecs)).build()) {
            byte[] buf = new byte[4096];
            for (int lbn = 0; lbn < BLOCKS; lbn++) {
                DataKind.FIO60.fill(buf, 0, 4096, 7000 + lbn);
                v.write(lbn, buf, 0, 4096);
            }
            v.flush();
            byte[] back = new byte[4096];
            for (int lbn = 0; lbn < BLOCKS; lbn++) {
                DataKind.FIO60.fill(buf, 0, 4096, 7000 + lbn);
                v.read(lbn, back, 0, 4096);
                assertArrayEquals(buf, back, policy + " lbn " + lbn);
            }
            VdoStatistics s = v.statistics();
            assertTrue(s.packedBlocksWritten() > 0, policy + " packed nothing");
            return s.fragmentsByAlgorithmPath();
        }
    }

    @Test
    void iaaPolicyWritesQplDeflateAndSaysWhichPathRan() {
        try (Codecs codecs = Codecs.load()) {
            var qpl = codecs.require(Policies.IAA_CODEC);
            Prerequisites.require(qpl.info().available(), "libqpl not provisioned: " + qpl.info().reason());
            Map<String, Long> frags = writeAndVerify("iaa", codecs);
            String path = qpl.info().path().label(); // "software" here: no IAA hardware
            assertEquals(Map.of("DEFLATE_IAA/" + path, (long) BLOCKS), frags);
        }
    }

    @Test
    void hardwareOnlyPolicyFallsBackToLz4WithoutIaa() {
        try (Codecs codecs = Codecs.load()) {
            var hw = codecs.require(Policies.IAA_HW_CODEC);
            assumeTrue(!hw.info().available(), "IAA hardware present: this test covers hosts without it");
            var policy = Policies.create("iaa-hw", codecs);
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(1024).policy(policy).build()) {
                byte[] buf = DataKind.FIO60.generate(4096, 1);
                v.write(0, buf, 0, 4096);
                v.flush();
                assertEquals(1, policy.fallbackCount(FallbackReason.UNAVAILABLE));
            }
        }
    }

    @Test
    void stockPolicyWritesLz4ThroughTheDefaultImplementation() {
        try (Codecs codecs = Codecs.load()) {
            String path = codecs.defaultLz4().codec().info().path().label();
            assertEquals(Map.of("LZ4/" + path, (long) BLOCKS), writeAndVerify("lz4", codecs));
        }
    }
}
