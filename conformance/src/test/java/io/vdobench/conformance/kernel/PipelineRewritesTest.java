package io.vdobench.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.inspect.FragmentReport;
import io.vdobench.vdo.inspect.PackedBlockScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline-made rewrites and the sparse reader, without a guest (default build). */
class PipelineRewritesTest {
    private static Codec lz4;
    private static Codec deflate;
    private static final PackedBlock ANY = PackedBlock.parse(7, new byte[PackedBlock.BLOCK], 0);

    @BeforeAll
    static void codecs() {
        lz4 = PipelineRewrites.lz4();
        deflate = new JdkZlibCodec(6);
    }

    @AfterAll
    static void close() {
        lz4.close();
        deflate.close();
    }

    private static List<byte[]> slots(DataKind kind, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(kind.generate(PackedBlock.BLOCK, 1000 + i));
        }
        return out;
    }

    private static List<FragmentReport> inspect(byte[] block) throws IOException {
        List<FragmentReport> r = new ArrayList<>();
        try (PackedBlockScanner s = new PackedBlockScanner()) {
            s.scan(Channels.newChannel(new ByteArrayInputStream(block)), r::add);
        }
        return r;
    }

    @Test
    void packerV1KeepsTheSlotOrderAndWritesA10Block() throws IOException {
        for (int n : new int[] {2, 5, 14}) {
            List<byte[]> data = slots(n == 2 ? DataKind.FIO60 : DataKind.RUNS, n);
            byte[] block = PipelineRewrites.packerV1(lz4).rewrite(ANY, data);
            assertEquals(CompressedBlockVersion.V1_0, CompressedBlock.version(block, 0));
            List<FragmentReport> r = inspect(block);
            assertEquals(n, r.size());
            for (int s = 0; s < n; s++) {
                assertEquals(s, r.get(s).slot());
                assertEquals("LZ4", r.get(s).algorithm());
                assertEquals(PipelineKernelCheckTest.sha256(data.get(s)), r.get(s).sha256(), "slot " + s + " of " + n);
            }
        }
    }

    @Test
    void taggedRewriteMixesLz4AndDeflateTagsInA20Block() throws IOException {
        List<byte[]> data = slots(DataKind.RUNS, 14);
        byte[] block = PipelineRewrites.taggedMixed(lz4, deflate).rewrite(ANY, data);
        assertEquals(CompressedBlockVersion.TAGGED_2_0, CompressedBlock.version(block, 0));
        assertEquals(CompressionAlgorithm.LZ4.tag(), CompressedBlock.slotTag(block, 0, 0));
        assertEquals(CompressionAlgorithm.DEFLATE_CPU.tag(), CompressedBlock.slotTag(block, 0, 1));
        List<FragmentReport> r = inspect(block);
        assertEquals(14, r.size());
        for (int s = 0; s < 14; s++) {
            assertTrue(r.get(s).ok(), r.get(s).toString());
            assertEquals(PipelineKernelCheckTest.sha256(data.get(s)), r.get(s).sha256(), "slot " + s);
        }
    }

    @Test
    void fragmentsThatOverflowOneBlockAreRefusedNotSplit() {
        // Three fio 60 % blocks: ~1.7 KB of LZ4 each, more than one 4060-byte data area.
        List<byte[]> data = slots(DataKind.FIO60, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PipelineRewrites.packerV1(lz4).rewrite(ANY, data));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    }

    @Test
    void sparseChannelReadsExactlyWhatTheFileHolds(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sparse.img");
        byte[] a = DataKind.RANDOM.generate(5000, 1);
        byte[] b = DataKind.TEXT.generate(8192, 2);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(a), 3L << 20);
            ch.write(ByteBuffer.wrap(b), 9L << 20);
            ch.truncate((12L << 20) + 123); // a hole at the end and an odd length
        }
        byte[] expected = Files.readAllBytes(f);
        byte[] got = new byte[expected.length];
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int pos = 0;
        try (SparseImageChannel ch = SparseImageChannel.open(f)) {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                System.arraycopy(buf.array(), 0, got, pos, n);
                pos += n;
            }
        }
        assertEquals(expected.length, pos);
        assertArrayEquals(expected, got);
    }
}
