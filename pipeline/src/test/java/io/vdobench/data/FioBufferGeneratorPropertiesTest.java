package io.vdobench.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FioBufferGeneratorPropertiesTest {
    /** The allocation-free stream used by DataKind equals the stateful job model's first buffer. */
    @Property(tries = 200)
    boolean streamEqualsStatefulFirstBuffer(@ForAll long seed, @ForAll @IntRange(min = 1, max = 99) int p,
                                            @ForAll @IntRange(min = 1, max = 64) int chunks) {
        int len = chunks * 512;
        byte[] a = new byte[len];
        FioBufferGenerator.fillJobStream(a, 0, len, p, 512, seed);
        byte[] b = new byte[len];
        FioBufferGenerator.forJob(FioBufferGenerator.Options.compress(p), seed, 1).fillBuffer(b, 0, len, len);
        return Arrays.equals(a, b);
    }

    /** Every chunk: seed in the first word (when there is room), random prefix, then only zeros. */
    @Property(tries = 200)
    boolean chunkLayout(@ForAll long seed, @ForAll @IntRange(min = 0, max = 99) int p,
                        @ForAll @IntRange(min = 1, max = 4096) int chunk) {
        byte[] b = new byte[chunk];
        FioBufferGenerator.fillPercentage(seed, b, 0, chunk, p, chunk, null);
        int random = (int) ((long) chunk * (100 - p) / 100);
        if (random >= 8 && ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0) != seed) {
            return false;
        }
        for (int i = random; i < chunk; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
