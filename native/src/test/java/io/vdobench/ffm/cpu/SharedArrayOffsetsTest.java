package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import io.vdobench.ffm.HeapViews;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FFM codecs through {@link HeapViews}: fragments compressed from thousands of offsets of one
 * shared source array, packed back to back into one shared array (so every call sees a different
 * offset, many of them colliding in the view tables), then decompressed into varying offsets of a
 * shared output array. Enough distinct offsets are used to exceed {@link HeapViews#MAX_VIEWS}, so the
 * cache also drops and refills in the middle of the run. Every byte must round-trip and no call may
 * write outside its range.
 */
class SharedArrayOffsetsTest {
    private static final int FRAGMENTS = 9000;
    private static final byte GUARD = (byte) 0xA5;

    static Stream<Codec> codecs() {
        return Stream.of(new Lz4FfmCodec(), new LibdeflateCodec(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void roundTripsAtManyOffsetsOfSharedArrays(Codec c) {
        try (c) {
            CpuCodecs.assumeAvailable(c);
            byte[] src = new byte[1 << 20];
            DataKind[] kinds = {DataKind.FIO60, DataKind.TEXT, DataKind.FIO90, DataKind.RUNS};
            for (int i = 0; i < src.length / 4096; i++) {
                kinds[i & 3].fill(src, i * 4096, 4096, 300 + i);
            }
            byte[] packed = new byte[8 << 20];
            int[] srcOff = new int[FRAGMENTS];
            int[] len = new int[FRAGMENTS];
            int[] fragOff = new int[FRAGMENTS];
            int[] fragLen = new int[FRAGMENTS];
            HeapViews views = HeapViews.local();
            long resetsBefore = views.resets();
            int p = 1;
            for (int k = 0; k < FRAGMENTS; k++) {
                len[k] = 256 + (k * 977) % 3841;
                srcOff[k] = (k * 1031 + 7) % (src.length - len[k]); // distinct offsets, not block-aligned
                int cap = len[k] + 64;
                packed[p + cap] = GUARD;
                int n = c.compress(src, srcOff[k], len[k], packed, p, cap);
                assertTrue(n > 0, c.id() + ": fragment " + k + " did not fit");
                assertEquals(GUARD, packed[p + cap], "compress wrote past its capacity");
                fragOff[k] = p;
                fragLen[k] = n;
                p += n;
            }
            byte[] out = new byte[64 << 10];
            for (int k = 0; k < FRAGMENTS; k++) {
                int outOff = 1 + (k * 131) % (out.length - len[k] - 2);
                out[outOff - 1] = GUARD;
                out[outOff + len[k]] = GUARD;
                c.decompress(packed, fragOff[k], fragLen[k], out, outOff, len[k]);
                assertTrue(Arrays.equals(out, outOff, outOff + len[k], src, srcOff[k], srcOff[k] + len[k]),
                        c.id() + ": fragment " + k + " at " + fragOff[k] + " does not round-trip");
                assertEquals(GUARD, out[outOff - 1], "decompress wrote before its range");
                assertEquals(GUARD, out[outOff + len[k]], "decompress wrote past its range");
            }
            assertTrue(views.resets() > resetsBefore, "the run should have exceeded the view bound at least once");
        }
    }
}
