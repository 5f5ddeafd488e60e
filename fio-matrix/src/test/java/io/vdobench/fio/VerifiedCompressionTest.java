package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedCompressionTest {
    private final Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);

    /** Writes then reads blocks {@code from..to} of {@code kind}; returns the pass's counter deltas. */
    private static VerifiedCompression pass(VdoVolume v, DataKind kind, int from, int to) {
        v.flush();
        VdoStatistics before = v.statistics();
        byte[] b = new byte[4096];
        for (int i = from; i < to; i++) {
            v.write(i, kind.generate(4096, i), 0, 4096);
        }
        v.flush();
        for (int i = from; i < to; i++) {
            v.read(i, b, 0, 4096);
        }
        return VerifiedCompression.between(before, v.statistics());
    }

    @Test
    void compressibleDataIsWrittenAndReadAsFragments() {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(256).policy(FallbackCompressionPolicy.single(lz4)).build()) {
            pass(v, DataKind.FIO60, 0, 8); // an earlier phase: not counted below
            VerifiedCompression c = pass(v, DataKind.FIO60, 100, 164);
            assertEquals(64, c.blocksWritten(), c.toString());
            assertEquals(64, c.blocksRead(), c.toString());
            assertEquals(64, c.fragmentsWritten(), c.toString());
            assertEquals(64, c.writtenWith(CompressionAlgorithm.LZ4), c.toString());
            assertEquals(Map.of("LZ4", 64L), c.readByAlgorithm());
            assertTrue(c.meanFragmentBytes() > 1000 && c.meanFragmentBytes() < 0.6 * 4096, c.toString());
            c.require(CompressionAlgorithm.LZ4);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> c.require(CompressionAlgorithm.DEFLATE_IAA));
            assertTrue(e.getMessage().contains("DEFLATE_IAA"), e.getMessage());
        }
    }

    @Test
    void incompressibleDataFailsTheRequirement() {
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(64).policy(FallbackCompressionPolicy.single(lz4)).build()) {
            VerifiedCompression c = pass(v, DataKind.RANDOM, 0, 32);
            assertEquals(0, c.fragmentsWritten(), c.toString());
            assertEquals(0, c.fragmentsRead(), c.toString());
            assertTrue(Double.isNaN(c.meanFragmentBytes()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.require(CompressionAlgorithm.LZ4));
            assertTrue(e.getMessage().contains("did not exercise LZ4 fragments"), e.getMessage());
        }
    }

    @Test
    void thePolicysAlgorithmIsWhatItWritesNow() {
        try (Codec zlib = new JdkZlibCodec(6)) {
            var deflate = new FallbackCompressionPolicy("deflate", zlib, lz4, true);
            assertEquals(CompressionAlgorithm.DEFLATE_CPU, VerifiedCompression.algorithmOf(deflate));
            deflate.setPreferredEnabled(false); // as the IAA policy with iaa_enabled=0
            assertEquals(CompressionAlgorithm.LZ4, VerifiedCompression.algorithmOf(deflate));
            assertEquals(CompressionAlgorithm.LZ4, VerifiedCompression.algorithmOf(FallbackCompressionPolicy.single(lz4)));
        }
    }
}
