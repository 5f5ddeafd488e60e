package io.vdobench.vdo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.PlantedSlowdownCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void namesResolveToTheRightCodecs() {
        try (Codecs codecs = Codecs.load()) {
            FallbackCompressionPolicy lz4 = Policies.create("lz4", codecs);
            assertEquals(codecs.defaultLz4().codec(), lz4.preferred());
            FallbackCompressionPolicy one = Policies.create("codec:zlib:impl=jdk,level=6", codecs);
            assertEquals("zlib:impl=jdk,level=6", one.preferred().id());
            FallbackCompressionPolicy deflate = Policies.create("deflate:zlib:impl=jdk,level=1", codecs);
            assertEquals("zlib:impl=jdk,level=1", deflate.preferred().id());
            assertEquals(codecs.defaultLz4().codec(), deflate.fallback());
        }
    }

    @Test
    void thePlantedPolicyIsLz4DoingFractionFMoreCompressWork() {
        try (Codecs codecs = Codecs.load()) {
            FallbackCompressionPolicy p = Policies.create("lz4-planted:F=0.02", codecs);
            PlantedSlowdownCodec planted = assertInstanceOf(PlantedSlowdownCodec.class, p.preferred());
            assertEquals(0.02, planted.fraction(), 1e-12);
            assertEquals(codecs.defaultLz4().codec().id(), planted.id(), "the same LZ4 underneath");
            assertEquals(0.0, ((PlantedSlowdownCodec) Policies.create("lz4-planted:F=0", codecs).preferred()).fraction());
            // 1/0.03 = 33.3: every 33rd call, 3.03 % really planted
            assertEquals(1.0 / 33, ((PlantedSlowdownCodec) Policies.create("lz4-planted:f=0.03", codecs).preferred())
                    .fraction(), 1e-12);
            for (String bad : List.of("lz4-planted:", "lz4-planted:F=x", "lz4-planted:0.02", "lz4-planted:F=-0.1",
                    "lz4-planted:F=2")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policies.create(bad, codecs));
                assertTrue(e.getMessage().contains("lz4-planted:"), e.getMessage());
            }
        }
    }

    @Test
    void plantedWorkIsExactAndTheOutputUnchanged() {
        try (Codecs codecs = Codecs.load()) {
            Codec lz4 = codecs.defaultLz4().codec();
            int[] calls = {0};
            Codec counting = new Codec() {
                @Override
                public io.vdobench.codec.CodecInfo info() {
                    return lz4.info();
                }

                @Override
                public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
                    calls[0]++;
                    return lz4.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
                }

                @Override
                public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
                    lz4.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
                }

                @Override
                public void close() {
                }
            };
            Codec planted = new PlantedSlowdownCodec(counting, 50, true, false);
            byte[] src = new byte[4096];
            for (int i = 0; i < src.length; i++) {
                src[i] = (byte) (i % 61);
            }
            byte[] a = new byte[8192];
            byte[] b = new byte[8192];
            for (int i = 0; i < 1000; i++) {
                int n = planted.compress(src, 0, src.length, a, 0, a.length);
                assertEquals(lz4.compress(src, 0, src.length, b, 0, b.length), n);
                assertArrayEquals(java.util.Arrays.copyOf(b, n), java.util.Arrays.copyOf(a, n));
            }
            assertEquals(1020, calls[0], "2 % more compress calls");
        }
    }

    @Test
    void badNamesSayWhatIsKnown() {
        try (Codecs codecs = Codecs.load()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policies.create("zstd", codecs));
            assertTrue(e.getMessage().contains("iaa-off"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Policies.create("deflate:lz4:impl=java", codecs));
            assertThrows(IllegalArgumentException.class, () -> Policies.create("codec:nope", codecs));
            // The QPL codec lives in native/: without it the IAA policy cannot be built here.
            assertThrows(IllegalArgumentException.class, () -> Policies.create("iaa", codecs));
        }
    }

    @Test
    void checkResolvesEveryNameAndFailsOnTheFirstBadOneWithItsOwnMessage() {
        Policies.check(java.util.List.of("lz4", "codec:zlib:impl=jdk,level=6", "deflate:zlib:impl=jdk,level=1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Policies.check(java.util.List.of("lz4", "nosuch", "zstd")));
        assertTrue(e.getMessage().startsWith("unknown policy 'nosuch'"), e.getMessage());
    }
}
