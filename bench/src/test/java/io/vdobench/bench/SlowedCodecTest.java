package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate's planted slowdown adds exactly the asked fraction of the codec's own calls, and nothing else. */
class SlowedCodecTest {
    /** Counts calls and writes a marker into dst, so the caller's buffers can be checked. */
    static final class Counting implements Codec {
        int compresses;
        int decompresses;

        @Override
        public CodecInfo info() {
            return CodecInfo.available("lz4", "impl=ffm", CompressionAlgorithm.LZ4, ExecutionPath.FFM, "test", "1");
        }

        @Override
        public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
            compresses++;
            dst[dstOff] = (byte) compresses;
            return 1;
        }

        @Override
        public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
            decompresses++;
            dst[dstOff] = (byte) decompresses;
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty("vdobench.slowdown");
        System.clearProperty("vdobench.slowdown.codec");
    }

    @Test
    void tenPercentIsOneRepeatedCallInTen() {
        Counting c = new Counting();
        assertSame(c, SlowedCodec.maybeSlow(c), "off unless asked for");
        System.setProperty("vdobench.slowdown", "0.10");
        Codec slow = SlowedCodec.maybeSlow(c);
        byte[] dst = new byte[16];
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, slow.compress(new byte[4], 0, 4, dst, 0, 16));
            assertEquals((byte) c.compresses, dst[0], "the caller gets the last call's output");
            slow.decompress(new byte[4], 0, 4, dst, 0, 16);
        }
        assertEquals(1100, c.compresses);
        assertEquals(1100, c.decompresses);
    }

    @Test
    void onlyTheNamedCodecAndSaneFractions() {
        System.setProperty("vdobench.slowdown", "0.10");
        System.setProperty("vdobench.slowdown.codec", "qpl");
        Counting c = new Counting();
        assertSame(c, SlowedCodec.maybeSlow(c));
        System.setProperty("vdobench.slowdown.codec", "lz4:impl=ffm");
        System.setProperty("vdobench.slowdown", "3");
        assertThrows(IllegalArgumentException.class, () -> SlowedCodec.maybeSlow(c));
    }
}
