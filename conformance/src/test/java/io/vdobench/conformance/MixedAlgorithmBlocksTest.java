package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4 §3: packed blocks holding LZ4 and DEFLATE fragments side by side (written by the pipeline's
 * packer as tagged 2.0 blocks) round-trip through the volume, and a dm-vdo 1.0 reader refuses every
 * one of them (rule 2) rather than misreading a DEFLATE fragment as LZ4.
 */
class MixedAlgorithmBlocksTest {
    private static final int BLOCKS = 200;
    private static Codecs codecs;

    @BeforeAll
    static void load() {
        codecs = Codecs.load();
    }

    @AfterAll
    static void close() {
        codecs.close();
    }

    /** Delegates, but declines (DOES_NOT_FIT) blocks whose byte 100 is even, so the policy falls back to LZ4. */
    private record DecliningCodec(Codec delegate) implements Codec {
        @Override
        public CodecInfo info() {
            return delegate.info();
        }

        @Override
        public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
            if ((src[srcOff + 100] & 1) == 0) {
                return DOES_NOT_FIT;
            }
            return delegate.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
        }

        @Override
        public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
            delegate.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
        }

        @Override
        public void close() {
        }
    }

    private static byte[] data(int i) {
        return (i % 2 == 0 ? DataKind.FIO60 : DataKind.TEXT).generate(4096, 7000L + i);
    }

    @ParameterizedTest(name = "{0} + lz4")
    @ValueSource(strings = {"qpl:path=software,huffman=dynamic,level=default,verify=on", "libdeflate:level=6"})
    void lz4AndDeflateFragmentsShareBlocksAndRoundTrip(String deflateId) {
        Codec deflate = codecs.require(deflateId);
        Codec lz4 = codecs.require("lz4:impl=ffm");
        FallbackCompressionPolicy policy = new FallbackCompressionPolicy("mixed", new DecliningCodec(deflate), lz4, true);
        VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(BLOCKS).policy(policy);
        b = deflate.algorithm() == CompressionAlgorithm.DEFLATE_IAA ? b.iaaDecoder(deflate) : b.cpuDeflateDecoder(deflate);
        try (VdoVolume v = b.build()) {
            for (int i = 0; i < BLOCKS; i++) {
                v.write(i, data(i), 0, 4096);
            }
            v.flush();
            byte[] got = new byte[4096];
            for (int i = 0; i < BLOCKS; i++) {
                v.read(i, got, 0, 4096);
                assertArrayEquals(data(i), got, "LBN " + i);
            }
            Map<Long, Set<CompressionAlgorithm>> perBlock = new HashMap<>();
            byte[] blk = new byte[4096];
            FragmentLocation loc = new FragmentLocation();
            for (int i = 0; i < BLOCKS; i++) {
                BlockMapEntry e = v.mapping(i);
                if (!e.isCompressed()) {
                    continue;
                }
                v.storage().read(e.pbn(), blk, 0);
                CompressedBlock.locate(blk, 0, e.state(), loc);
                perBlock.computeIfAbsent(e.pbn(), k -> EnumSet.noneOf(CompressionAlgorithm.class)).add(loc.algorithm());
                if (perBlock.get(e.pbn()).size() > 1 || loc.algorithm() != CompressionAlgorithm.LZ4) {
                    // A block with any DEFLATE fragment is tagged: stock dm-vdo refuses it by version.
                    assertEquals(2, DmVdoV1Reader.lookup(blk, e.state()).rule(), "LBN " + i);
                }
            }
            long mixed = perBlock.values().stream().filter(s -> s.contains(CompressionAlgorithm.LZ4) && s.size() > 1).count();
            assertTrue(mixed > 0, "no packed block mixed LZ4 with " + deflate.algorithm() + ": " + perBlock.values());
        }
    }
}
