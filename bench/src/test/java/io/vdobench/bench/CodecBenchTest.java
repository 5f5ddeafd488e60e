package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.Lz4JavaCodec;
import org.junit.jupiter.api.Test;

/** The benchmark's set-up and per-operation code, run once outside JMH (speed is not asserted). */
class CodecBenchTest {

    private static CodecBench bench(String data, int blockSize) {
        CodecBench b = new CodecBench();
        b.codec = "lz4:impl:java";
        b.blockSize = blockSize;
        b.data = data;
        b.corpusBytes = 16 * blockSize;
        return b;
    }

    @Test
    void setUpVerifiesTheCorpusAndOperationsCountBytes() {
        CodecBench b = bench("FIO60", 4096);
        b.prepare(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), true);
        assertEquals(16, b.blocks);
        assertEquals(16, b.fitting.length, "every fio-60% block fits");

        CodecBench.Cursor cursor = new CodecBench.Cursor();
        cursor.setup(b);
        CodecBench.Bytes bytes = new CodecBench.Bytes();
        bytes.reset();
        for (int i = 0; i < 20; i++) {
            assertTrue(b.compress(cursor, bytes) > 0);
        }
        assertEquals(20 * 4096 / 1e6, bytes.uncompressedMB, 1e-9);
        assertTrue(bytes.compressedMB < bytes.uncompressedMB);
        bytes.reset();
        for (int i = 0; i < 20; i++) {
            b.decompress(cursor, bytes);
        }
        assertEquals(20 * 4096 / 1e6, bytes.uncompressedMB, 1e-9);
    }

    @Test
    void randomDataCanBeCompressedButNotDecompressed() {
        CodecBench b = bench("RANDOM", 4096);
        b.prepare(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), false);
        assertEquals(0, b.fitting.length);
        CodecBench.Cursor cursor = new CodecBench.Cursor();
        cursor.setup(b);
        CodecBench.Bytes bytes = new CodecBench.Bytes();
        assertEquals(Codec.DOES_NOT_FIT, b.compress(cursor, bytes));
        assertEquals(bytes.uncompressedMB, bytes.compressedMB, 1e-12, "a block that does not fit counts whole");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bench("RANDOM", 4096).prepare(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), true));
        assertTrue(e.getMessage().contains("nothing to measure"), e.getMessage());
    }

    @Test
    void aCodecThatCorruptsDataFailsTheSetUp() {
        Codec corrupting = new Corrupting(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bench("FIO60", 65536).prepare(corrupting, false));
        assertTrue(e.getMessage().contains("does not reproduce the input"), e.getMessage());
    }

    @Test
    void unknownCodecsAndBlockSizesAreRejectedWithTheReason() {
        try (Codecs codecs = Codecs.load()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CodecBench.resolve(codecs, "nosuch:x:y"));
            assertTrue(e.getMessage().contains("lz4:impl:java"), "lists what is available: " + e.getMessage());
            assertEquals("zlib:impl=jdk,level=6", CodecBench.resolve(codecs, "zlib:impl:jdk/level:6").id());
        }
        assertThrows(IllegalArgumentException.class,
                () -> bench("FIO60", 2048).prepare(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), false));
        assertThrows(IllegalArgumentException.class,
                () -> bench("FIO60", 256 * 1024).prepare(new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), false));
    }

    /** Decompresses correctly except for one flipped byte. */
    private record Corrupting(Codec inner) implements Codec {
        @Override
        public CodecInfo info() {
            return inner.info();
        }

        @Override
        public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
            return inner.compress(src, srcOff, srcLen, dst, dstOff, dstCapacity);
        }

        @Override
        public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
            inner.decompress(src, srcOff, srcLen, dst, dstOff, expectedLength);
            dst[dstOff + 7] ^= 0x10;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
