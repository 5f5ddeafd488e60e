package io.vdobench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vdobench.codec.Codec;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vdobench.testing.FioTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes files with the real fio binary (Debian's, installed by {@link FioTool} when missing) and
 * checks our generator reproduces them byte for byte.
 */
class FioAgainstRealFioTest {
    @TempDir
    static Path dir;
    static String fio;

    @BeforeAll
    static void needsFio() {
        fio = FioTool.fio().toString();
    }

    /** Runs fio's sequential write with the sync engine (one io_u buffer) and returns the file. */
    static byte[] fioWrite(String name, String... opts) throws IOException {
        Path f = dir.resolve(name);
        Files.deleteIfExists(f);
        List<String> cmd = new ArrayList<>(List.of(fio, "--name=g", "--filename=" + f, "--rw=write",
                "--ioengine=psync", "--iodepth=1", "--output-format=terse"));
        cmd.addAll(List.of(opts));
        run(cmd);
        return Files.readAllBytes(f);
    }

    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timeout: " + cmd);
            }
            String s = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail("fio failed (" + p.exitValue() + "): " + cmd + "\n" + s);
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void p60OneMiBChunkForChunkAndWholeFileFromRandseed() throws Exception {
        long randseed = 20260;
        byte[] fio = fioWrite("p60.dat", "--bs=4k", "--size=1M", "--buffer_compress_percentage=60",
                "--refill_buffers", "--randseed=" + randseed);
        assertEquals(1 << 20, fio.length);
        ByteBuffer le = ByteBuffer.wrap(fio).order(ByteOrder.LITTLE_ENDIAN);
        // (a) every 512-byte chunk is reproduced from its own seed, which is its first 8 bytes.
        byte[] chunk = new byte[512];
        for (int c = 0; c < fio.length / 512; c++) {
            long seed = le.getLong(512 * c);
            FioBufferGenerator.fillPercentage(seed, chunk, 0, 512, 60, 512, null);
            assertTrue(java.util.Arrays.equals(chunk, 0, 512, fio, 512 * c, 512 * c + 512), "chunk " + c);
        }
        // (a') the seed sequence too: the whole file from randseed alone. fio filled its one
        // io_u buffer (4 KiB = 8 chunk seeds) at start-up before the first write.
        byte[] stream = new byte[4096 + fio.length];
        DataKind.FIO60.fill(stream, 0, stream.length, randseed);
        assertArrayEquals(fio, java.util.Arrays.copyOfRange(stream, 4096, stream.length));
    }

    @Test
    void p60CompressedSizeDistributionMatches() throws Exception {
        byte[] fio = fioWrite("dist.dat", "--bs=4k", "--size=1M", "--buffer_compress_percentage=60",
                "--randseed=31337");
        // Ours from an unrelated seed: the bytes differ, the distribution must not.
        byte[] ours = DataKind.FIO60.generate(fio.length, 0xC0FFEE);
        try (Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA); Codec zlib = new JdkZlibCodec(6)) {
            for (Codec c : List.of(lz4, zlib)) {
                double a = meanCompressed(c, fio);
                double b = meanCompressed(c, ours);
                assertTrue(a < 4096 * 0.6, c.id() + " must compress fio P60 data, got mean " + a);
                assertEquals(a, b, a * 0.01, c.id() + ": mean compressed 4K block, fio vs ours");
            }
        }
    }

    static double meanCompressed(Codec c, byte[] data) {
        byte[] dst = new byte[8192];
        long sum = 0;
        int n = 0;
        for (int off = 0; off + 4096 <= data.length; off += 4096, n++) {
            int len = c.compress(data, off, 4096, dst, 0, dst.length);
            assertTrue(len > 0, "compress failed");
            sum += len;
        }
        return (double) sum / n;
    }

    @Test
    void otherChunkSizeBlockSizeAndPercentage() throws Exception {
        byte[] fio = fioWrite("c1024.dat", "--bs=8k", "--size=128k", "--buffer_compress_percentage=30",
                "--buffer_compress_chunk=1024", "--randseed=77");
        assertEquals(fio.length, 131072);
        assertSameAsJob(fio, FioBufferGenerator.Options.compress(30).withChunk(1024), 77, 1, 8192);
    }

    @Test
    void dedupeRepeatAndPatternAndTausworthe64() throws Exception {
        assertSameAsJob(fioWrite("dd.dat", "--bs=4k", "--size=128k", "--buffer_compress_percentage=60",
                        "--dedupe_percentage=40", "--dedupe_mode=repeat", "--randseed=5"),
                FioBufferGenerator.Options.compress(60).withDedupe(40), 5, 1, 4096);
        assertSameAsJob(fioWrite("pat.dat", "--bs=4k", "--size=64k", "--buffer_compress_percentage=60",
                        "--buffer_pattern=0xdeadbeef", "--randseed=9"),
                FioBufferGenerator.Options.compress(60).withPattern(new byte[] {(byte) 0xde, (byte) 0xad,
                        (byte) 0xbe, (byte) 0xef}), 9, 1, 4096);
        assertSameAsJob(fioWrite("t64.dat", "--bs=4k", "--size=64k", "--buffer_compress_percentage=90",
                        "--random_generator=tausworthe64", "--randseed=11"),
                FioBufferGenerator.Options.compress(90).withTausworthe64(true), 11, 1, 4096);
        // No randseed: fio's default 0x89 (randrepeat=1).
        assertSameAsJob(fioWrite("def.dat", "--bs=4k", "--size=64k", "--buffer_compress_percentage=60"),
                FioBufferGenerator.Options.compress(60), FioBufferGenerator.FIO_DEFAULT_RANDSEED, 1, 4096);
    }

    @Test
    void dedupeWorkingSet() throws Exception {
        byte[] fio = fioWrite("ws.dat", "--bs=8k", "--size=512k", "--buffer_compress_percentage=30",
                "--dedupe_percentage=50", "--dedupe_mode=working_set", "--dedupe_working_set_percentage=10",
                "--random_generator=tausworthe64", "--randseed=8");
        assertEquals(512 * 1024, fio.length);
        var o = FioBufferGenerator.Options.compress(30).withWorkingSetDedupe(50, 10).withTausworthe64(true);
        var gen = FioBufferGenerator.forJob(o, 8, 1, fio.length, 8192);
        byte[] b = new byte[8192];
        gen.fillBuffer(b, 0, 8192, 8192);
        java.util.Set<java.nio.ByteBuffer> distinct = new java.util.HashSet<>();
        for (int off = 0; off < fio.length; off += 8192) {
            gen.fillBuffer(b, 0, 8192, 8192);
            assertTrue(java.util.Arrays.equals(b, 0, 8192, fio, off, off + 8192), "block at " + off);
            distinct.add(java.nio.ByteBuffer.wrap(fio, off, 8192).slice());
        }
        assertTrue(distinct.size() < fio.length / 8192, "working-set dedupe must repeat some blocks");
    }

    @Test
    void numjobsClonesAreNumberedInReverseFileOrder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("jobs"));
        run(List.of(fio, "--name=g", "--directory=" + sub, "--rw=write", "--ioengine=psync", "--bs=4k",
                "--size=32k", "--buffer_compress_percentage=60", "--randseed=42", "--numjobs=3",
                "--output-format=terse"));
        var o = FioBufferGenerator.Options.compress(60);
        // The first job is g.0.0 (thread 1); clone k of n writes g.(n-k).0 and is thread k+1.
        assertSameAsJob(Files.readAllBytes(sub.resolve("g.0.0")), o, 42, 1, 4096);
        assertSameAsJob(Files.readAllBytes(sub.resolve("g.2.0")), o, 42, 2, 4096);
        assertSameAsJob(Files.readAllBytes(sub.resolve("g.1.0")), o, 42, 3, 4096);
    }

    /** Replays fio's job: one start-up fill of the io_u buffer, then a refill before every write. */
    static void assertSameAsJob(byte[] fio, FioBufferGenerator.Options o, long randseed, int thread, int bs) {
        assertTrue(fio.length > 0 && fio.length % bs == 0, "file length " + fio.length);
        var gen = FioBufferGenerator.forJob(o, randseed, thread);
        byte[] b = new byte[bs];
        gen.fillBuffer(b, 0, bs, bs);
        for (int off = 0; off < fio.length; off += bs) {
            gen.fillBuffer(b, 0, bs, bs);
            assertTrue(java.util.Arrays.equals(b, 0, bs, fio, off, off + bs), o + ": block at " + off);
        }
    }
}
