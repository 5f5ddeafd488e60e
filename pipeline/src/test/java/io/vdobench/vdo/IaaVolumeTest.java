package io.vdobench.vdo;

import static io.vdobench.vdo.VolumeTestSupport.assertReads;
import static io.vdobench.vdo.VolumeTestSupport.assertReferenceCountsConsistent;
import static io.vdobench.vdo.VolumeTestSupport.block;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.TestIaaCodec.Mode;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.policy.FallbackReason;
import io.vdobench.vdo.policy.IaaCompressionPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The patch's policy inside a volume: tags, fallbacks, the live switch, and the read-side fallback chain. */
class IaaVolumeTest {
    private final Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);

    private static byte[] data(int i) {
        return block(DataKind.FIO90, i);
    }

    /**
     * With threads a write is acknowledged before it is compressed, and a flush makes writes still on
     * their way skip the packer (dm-vdo's packer flush generation); these tests count fragments, so
     * they let every write reach the packer first.
     */
    private static void settleAndFlush(VdoVolume v) {
        v.awaitQuiescent();
        v.flush();
    }

    private static int version(VdoVolume v, long lbn) {
        byte[] b = new byte[4096];
        v.storage().read(v.mapping(lbn).pbn(), b, 0);
        CompressedBlockVersion ver = CompressedBlock.version(b, 0);
        return ver == null ? -1 : ver.major();
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void flippingTheSwitchLiveKeepsEarlierBlocksReadable(Execution ex) {
        TestIaaCodec iaa = new TestIaaCodec(Mode.WORKS);
        IaaCompressionPolicy policy = new IaaCompressionPolicy(iaa, lz4, true);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(200).policy(policy).execution(ex).build()) {
            for (int i = 0; i < 40; i++) {
                v.write(i, data(i), 0, 4096);
            }
            settleAndFlush(v); // era 1 on disk; eras 2 and 3 share the packer, so mixed blocks can occur there
            policy.setIaaEnabled(false);
            for (int i = 40; i < 80; i++) {
                v.write(i, data(i), 0, 4096);
            }
            v.awaitQuiescent(); // with threads the cpu thread compresses after the acknowledgement
            policy.setIaaEnabled(true);
            for (int i = 80; i < 120; i++) {
                v.write(i, data(i), 0, 4096);
            }
            settleAndFlush(v);
            assertEquals(0, v.statistics().compressedFragmentsRead(), "nothing read yet");
            for (int i = 0; i < 120; i++) {
                assertReads(v, i, data(i));
            }
            VdoStatistics s = v.statistics();
            assertEquals(80, s.fragmentsByAlgorithmPath().get("DEFLATE_IAA/software"), s.format());
            assertEquals(40, s.fragmentsByAlgorithmPath().get("LZ4/java"), s.format());
            // every read decoded its fragment, with the decoder its tag names
            assertEquals(120, s.compressedFragmentsRead(), s.format());
            assertEquals(java.util.Map.of("DEFLATE_IAA", 80L, "LZ4", 40L), s.fragmentsReadByAlgorithm(), s.format());
            assertEquals(2, version(v, 0), "IAA-era blocks are tagged");
            assertEquals(1, version(v, 50), "LZ4-only blocks are plain dm-vdo 1.0");
            assertEquals(2, version(v, 100));
            assertTrue(s.fallbacks().values().stream().allMatch(x -> x == 0));
            assertReferenceCountsConsistent(v);
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void fallbacksAreCountedInVolumeStatistics(Execution ex) {
        TestIaaCodec iaa = new TestIaaCodec(Mode.UNAVAILABLE);
        IaaCompressionPolicy policy = new IaaCompressionPolicy(iaa, lz4, true);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(100).policy(policy).execution(ex).build()) {
            int lbn = 0;
            for (Mode m : new Mode[] {Mode.UNAVAILABLE, Mode.INIT_FAILS, Mode.ERRORS, Mode.NEVER_FITS}) {
                iaa.setMode(m);
                for (int i = 0; i < 3; i++, lbn++) {
                    v.write(lbn, data(lbn), 0, 4096);
                }
                v.awaitQuiescent();
            }
            settleAndFlush(v);
            VdoStatistics s = v.statistics();
            for (FallbackReason r : FallbackReason.values()) {
                assertEquals(3, s.fallbacks().get(r), r + "\n" + s.format());
            }
            assertEquals(12, s.fragmentsByAlgorithmPath().get("LZ4/java"));
            for (int i = 0; i < lbn; i++) {
                assertReads(v, i, data(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void iaaTaggedReadsFallBackToRawInflate(Execution ex) {
        TestIaaCodec iaa = new TestIaaCodec(Mode.WORKS);
        IaaCompressionPolicy policy = new IaaCompressionPolicy(iaa, lz4, true);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(100).policy(policy).execution(ex).build()) {
            for (int i = 0; i < 20; i++) {
                v.write(i, data(i), 0, 4096);
            }
            settleAndFlush(v);
            iaa.setDecompressFails(true);
            for (int i = 0; i < 20; i++) {
                assertReads(v, i, data(i));
            }
            long failed = v.decoder().iaaFailureFallbacks();
            assertEquals(20, failed);
            iaa.setDecompressFails(false);
            iaa.setMode(Mode.UNAVAILABLE);
            for (int i = 0; i < 20; i++) {
                assertReads(v, i, data(i));
            }
            assertEquals(20, v.decoder().iaaUnavailableFallbacks());
            assertEquals(40, v.statistics().iaaReadFallbacks());
        }
    }

    @ParameterizedTest
    @EnumSource(Execution.class)
    void aCorruptTaggedFragmentFailsWithInvalidFragment(Execution ex) {
        TestIaaCodec iaa = new TestIaaCodec(Mode.WORKS);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(100).policy(new IaaCompressionPolicy(iaa, lz4, true)).execution(ex).build()) {
            for (int i = 0; i < 3; i++) {
                v.write(i, data(i), 0, 4096);
            }
            settleAndFlush(v);
            long pbn = v.mapping(0).pbn();
            byte[] b = new byte[4096];
            v.storage().read(pbn, b, 0);
            java.util.Arrays.fill(b, 36, 4096, (byte) 0xFF); // garbage DEFLATE in every slot
            v.storage().write(pbn, b, 0);
            VdoException e = assertThrows(VdoException.class, () -> v.read(0, new byte[4096], 0, 4096));
            assertEquals(VdoStatus.INVALID_FRAGMENT, e.status());
            b[0] = 7; // unknown version
            v.storage().write(pbn, b, 0);
            e = assertThrows(VdoException.class, () -> v.read(1, new byte[4096], 0, 4096));
            assertEquals(VdoStatus.INVALID_FRAGMENT, e.status());
        }
    }
}
