package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the three LZ4 implementations ({@code impl=ffm} over the system liblz4, lz4-java's
 * {@code impl=jni} and {@code impl=java}) produce standard LZ4 blocks and read each other's output,
 * on every data kind and block size.
 */
class Lz4InteropTest {
    private static final Lz4FfmCodec FFM = new Lz4FfmCodec();
    private static final Lz4JavaCodec JNI = new Lz4JavaCodec(Lz4JavaCodec.Impl.JNI);
    private static final Lz4JavaCodec JAVA = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);
    private static final List<Codec> ALL = List.of(FFM, JNI, JAVA);

    @AfterAll
    static void close() {
        ALL.forEach(Codec::close);
    }

    @Test
    void everyImplementationReadsEveryOthersBlocks() {
        ALL.forEach(CpuCodecs::assumeAvailable);
        int pairs = 0;
        for (DataKind kind : DataKind.values()) {
            for (int size : CpuCodecs.BLOCK_SIZES) {
                byte[] src = kind.generate(size, 1000L + size + kind.ordinal());
                for (Codec writer : ALL) {
                    byte[] dst = new byte[size + size / 255 + 16]; // LZ4_compressBound
                    int n = writer.compress(src, 0, size, dst, 0, dst.length);
                    assertTrue(n > 0, writer.id() + " " + kind + " " + size);
                    byte[] block = Arrays.copyOf(dst, n);
                    for (Codec reader : ALL) {
                        byte[] out = new byte[size];
                        reader.decompress(block, 0, n, out, 0, size);
                        assertArrayEquals(src, out, reader.id() + " reading " + writer.id() + " " + kind + " " + size);
                        pairs++;
                    }
                }
            }
        }
        assertEquals(DataKind.values().length * CpuCodecs.BLOCK_SIZES.length * 9, pairs);
    }

    @Test
    void allAgreeOnDmVdoFragmentCapAt4k() {
        ALL.forEach(CpuCodecs::assumeAvailable);
        // dm-vdo compresses a 4 KiB block into at most 4059 bytes (block minus the packed header).
        for (DataKind kind : DataKind.values()) {
            byte[] src = kind.generate(4096, 7);
            int ffm = FFM.compress(src, 0, 4096, new byte[4059], 0, 4059);
            int jni = JNI.compress(src, 0, 4096, new byte[4059], 0, 4059);
            int java = JAVA.compress(src, 0, 4096, new byte[4059], 0, 4059);
            assertEquals(ffm == Codec.DOES_NOT_FIT, jni == Codec.DOES_NOT_FIT, kind + ": ffm " + ffm + " jni " + jni);
            assertEquals(ffm == Codec.DOES_NOT_FIT, java == Codec.DOES_NOT_FIT, kind + ": ffm " + ffm + " java " + java);
        }
    }
}
