package io.vdobench.vdo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.TestIaaCodec;
import io.vdobench.vdo.TestIaaCodec.Mode;
import org.junit.jupiter.api.Test;

class IaaCompressionPolicyTest {
    private final Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);
    private final byte[] text = DataKind.FIO60.generate(4096, 1);
    private final byte[] random = DataKind.RANDOM.generate(4096, 1);
    private final byte[] dst = new byte[4096];
    private final CompressionResult r = new CompressionResult();

    private void run(FallbackCompressionPolicy p, byte[] src) {
        p.compress(src, 0, dst, 36, r);
    }

    @Test
    void enabledAndAvailableWritesIaaFragments() {
        IaaCompressionPolicy p = new IaaCompressionPolicy(new TestIaaCodec(Mode.WORKS), lz4, true);
        run(p, text);
        assertTrue(r.compressed());
        assertEquals(CompressionAlgorithm.DEFLATE_IAA, r.algorithm());
        assertEquals(ExecutionPath.SOFTWARE, r.path());
        assertNull(r.fallback());
        // the fragment really is raw DEFLATE of the block
        byte[] back = new byte[4096];
        try (JdkZlibCodec z = new JdkZlibCodec(6)) {
            z.decompress(dst, 36, r.size(), back, 0, 4096);
        }
        assertTrue(java.util.Arrays.equals(text, back));
    }

    @Test
    void eachFallbackReasonIsTakenAndCounted() {
        TestIaaCodec iaa = new TestIaaCodec(Mode.UNAVAILABLE);
        IaaCompressionPolicy p = new IaaCompressionPolicy(iaa, lz4, true);
        run(p, text);
        assertEquals(FallbackReason.UNAVAILABLE, r.fallback());
        assertEquals(CompressionAlgorithm.LZ4, r.algorithm());

        iaa.setMode(Mode.INIT_FAILS);
        run(p, text);
        assertEquals(FallbackReason.INIT_FAILED, r.fallback());
        assertEquals(CompressionAlgorithm.LZ4, r.algorithm());

        iaa.setMode(Mode.ERRORS);
        run(p, text);
        assertEquals(FallbackReason.COMPRESS_ERROR, r.fallback());
        assertEquals(CompressionAlgorithm.LZ4, r.algorithm());

        iaa.setMode(Mode.NEVER_FITS);
        run(p, text);
        assertEquals(FallbackReason.DOES_NOT_FIT, r.fallback());
        assertEquals(CompressionAlgorithm.LZ4, r.algorithm());
        assertTrue(r.compressed());

        iaa.setMode(Mode.WORKS);
        run(p, random); // incompressible: IAA does not fit, LZ4 does not either
        assertEquals(FallbackReason.DOES_NOT_FIT, r.fallback());
        assertFalse(r.compressed());
        assertNull(r.error(), "not fitting is not an error");

        for (FallbackReason why : FallbackReason.values()) {
            assertEquals(why == FallbackReason.DOES_NOT_FIT ? 2 : 1, p.fallbackCount(why), why.name());
        }
    }

    @Test
    void disabledUsesLz4OnlyAndCountsNoFallback() {
        TestIaaCodec iaa = new TestIaaCodec(Mode.WORKS);
        IaaCompressionPolicy p = new IaaCompressionPolicy(iaa, lz4, false);
        run(p, text);
        assertEquals(CompressionAlgorithm.LZ4, r.algorithm());
        assertNull(r.fallback());
        p.setIaaEnabled(true);
        run(p, text);
        assertEquals(CompressionAlgorithm.DEFLATE_IAA, r.algorithm());
        p.setIaaEnabled(false);
        run(p, text);
        assertEquals(CompressionAlgorithm.LZ4, r.algorithm());
        assertTrue(p.fallbackCounts().values().stream().allMatch(v -> v == 0));
    }

    @Test
    void genericSinglePolicyForACpuDeflateCodec() {
        try (JdkZlibCodec zlib = new JdkZlibCodec(6)) {
            FallbackCompressionPolicy p = FallbackCompressionPolicy.single(zlib);
            run(p, text);
            assertEquals(CompressionAlgorithm.DEFLATE_CPU, r.algorithm());
            assertEquals(ExecutionPath.JDK, r.path());
            run(p, random);
            assertFalse(r.compressed());
            assertEquals(FallbackReason.DOES_NOT_FIT, r.fallback());
        }
    }

    @Test
    void rejectsMiswiredCodecs() {
        try (JdkZlibCodec zlib = new JdkZlibCodec(6)) {
            assertThrows(IllegalArgumentException.class, () -> new IaaCompressionPolicy(zlib, lz4, true));
            assertThrows(IllegalArgumentException.class, () -> new IaaCompressionPolicy(new TestIaaCodec(Mode.WORKS), zlib, true));
        }
    }
}
