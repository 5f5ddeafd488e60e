package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.codec.Codec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.fio.Matrix;
import io.vdobench.testing.FioTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real fio (Debian's, ioengine=nbd through libnbd; installed by {@link FioTool} when missing) against
 * our server: write + crc32c verify must report zero errors and exactly the expected bytes. Every
 * verify job writes the matrix's data ({@link #VERIFY}), which fio's verify keeps compressible.
 */
@Timeout(300)
class FioNbdTest {
    static final long EXPORT = 32L << 20;
    /** crc32c verify of the matrix's 60 % data: fio fills verify buffers with its compressible generator. */
    static final List<String> VERIFY = verifyOptions();
    static String fio;

    MemoryNbdBackend backend;
    NbdServer server;
    @TempDir Path dir;

    @BeforeAll
    static void findFio() {
        fio = FioTool.fioWithNbd().toString();
    }

    private static List<String> verifyOptions() {
        List<String> v = new ArrayList<>(List.of("--verify=crc32c", "--verify_fatal=1"));
        v.addAll(Matrix.load().dataArguments());
        return List.copyOf(v);
    }

    /** A job's own options followed by {@link #VERIFY}. */
    static String[] verified(String... job) {
        List<String> all = new ArrayList<>(List.of(job));
        all.addAll(VERIFY);
        return all.toArray(String[]::new);
    }

    @BeforeEach
    void start() throws IOException {
        backend = new MemoryNbdBackend(EXPORT);
        server = NbdServer.startTcp(backend, NbdServerConfig.defaults(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record FioRun(int exitCode, JsonNode json, String log) {}

    private FioRun runFio(String name, String... jobOptions) throws Exception {
        return runFio(dir, server.port(), name, jobOptions);
    }

    /** Runs fio's nbd engine against 127.0.0.1:port with JSON output kept in {@code dir}. */
    static FioRun runFio(Path dir, int port, String name, String... jobOptions) throws Exception {
        Path json = dir.resolve(name + ".json");
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(fio, "--name=" + name, "--ioengine=nbd",
                "--uri=nbd://127.0.0.1:" + port + "/", "--output-format=json", "--output=" + json));
        cmd.addAll(List.of(jobOptions));
        // fio drops verify state files into its working directory: keep them in the temp dir.
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("fio did not finish in 240 s: " + Files.readString(log));
        }
        String out = Files.readString(log);
        JsonNode node = Files.exists(json) && Files.size(json) > 0 ? new ObjectMapper().readTree(json.toFile()) : null;
        return new FioRun(p.exitValue(), node, String.join(" ", cmd) + "\n" + out);
    }

    /** Asserts every job: no error, {@code bytes} written and {@code bytes} read back by verify. */
    static void assertClean(FioRun run, int jobs, long bytes) {
        assertEquals(0, run.exitCode(), run.log());
        assertNotNull(run.json(), run.log());
        JsonNode list = run.json().get("jobs");
        assertEquals(jobs, list.size(), run.log());
        for (JsonNode job : list) {
            assertEquals(0, job.get("error").asInt(), "fio job error\n" + run.log());
            assertEquals(bytes, job.get("write").get("io_bytes").asLong(), "bytes written\n" + run.log());
            assertEquals(bytes, job.get("read").get("io_bytes").asLong(), "bytes verified\n" + run.log());
        }
    }

    @Test
    void randomWrite4kThenCrc32cVerify() throws Exception {
        FioRun run = runFio("w4k", verified("--rw=randwrite", "--bs=4k", "--size=4M", "--iodepth=8", "--do_verify=1"));
        assertClean(run, 1, 4L << 20);
        assertEquals(4L << 20, server.stats().bytesWritten());
        assertEquals(1024, backend.storedBlocks());
        assertEquals(0, server.stats().errorReplies().size(), server.statistics());
    }

    @Test
    void sequentialWrite64kThenCrc32cVerify() throws Exception {
        FioRun run = runFio("w64k", verified("--rw=write", "--bs=64k", "--size=4M", "--iodepth=4", "--do_verify=1"));
        assertClean(run, 1, 4L << 20);
        assertEquals(4L << 20, server.stats().bytesRead());
        assertEquals(0, server.stats().errorReplies().size(), server.statistics());
    }

    @Test
    void fourJobsOnFourConnectionsWriteAndVerifyTheirOwnRegions() throws Exception {
        FioRun run = runFio("jobs4", verified("--rw=randwrite", "--bs=64k", "--size=4M", "--numjobs=4",
                "--offset_increment=4M", "--iodepth=4", "--do_verify=1"));
        assertClean(run, 4, 4L << 20);
        assertTrue(server.stats().handshakesCompleted() >= 4, server.statistics());
        assertEquals(16L << 20, server.stats().bytesWritten());
        assertEquals(4096, backend.storedBlocks(), "four distinct 4 MiB regions");
    }

    /**
     * What a verify job writes, measured. fio fills a verify buffer from its compressible generator,
     * but over the whole buffer as one segment (verify.c: {@code __fill_random_buf_percentage(seed, p,
     * compress_percentage, len, len, ...)}, {@code buffer_compress_chunk} ignored): 40 % random bytes,
     * then zeros, with the verify header over the start. So only a 4 KiB verify
     * block compresses as a 4 KiB block of the matrix's data does; a 16 KiB one becomes a random 4 KiB
     * block, a partly random one and two zero blocks. fio's default is incompressible throughout.
     */
    @Test
    void verifyJobsOf4kWriteTheMatrixCompressibilityPerBlock() throws Exception {
        assertClean(runFio("p60-4k", verified("--rw=write", "--bs=4k", "--size=4M", "--do_verify=1")), 1, 4L << 20);
        BlockSizes p60 = lz4Sizes(backend, 0, 4L << 20);
        assertClean(runFio("p60-16k", verified("--rw=write", "--bs=16k", "--size=4M", "--offset=8M",
                "--do_verify=1")), 1, 4L << 20);
        BlockSizes p60at16k = lz4Sizes(backend, 8L << 20, 4L << 20);
        assertClean(runFio("default", "--rw=write", "--bs=4k", "--size=4M", "--offset=16M", "--verify=crc32c",
                "--do_verify=1", "--verify_fatal=1"), 1, 4L << 20);
        BlockSizes random = lz4Sizes(backend, 16L << 20, 4L << 20);
        // The matrix's own data (fio's generator with 512-byte chunks), as the cases write it.
        double matrix = 0;
        try (Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA)) {
            byte[] out = new byte[8192];
            for (int i = 0; i < 1024; i++) {
                matrix += lz4.compress(io.vdobench.data.DataKind.FIO60.generate(4096, i), 0, 4096, out, 0, out.length);
            }
        }
        matrix /= 1024;
        String all = "4k verify " + p60 + "; 16k verify " + p60at16k + "; default " + random + "; matrix data mean "
                + matrix + " B";
        System.out.println(all); // the measured sizes, in the surefire report
        assertEquals(0, p60.tooBig(), all);
        assertEquals(0, p60.zero(), all);
        assertEquals(matrix, p60.mean(), 0.05 * matrix, all);
        assertEquals(256, p60at16k.tooBig(), all);
        assertEquals(512, p60at16k.zero(), all);
        assertEquals(1024, random.tooBig(), all);
    }

    /** LZ4 sizes of the 4 KiB blocks of a stored range: mean, blocks that do not fit in 4059 bytes, zero blocks. */
    record BlockSizes(double mean, int tooBig, int zero) {
    }

    static BlockSizes lz4Sizes(MemoryNbdBackend b, long offset, long len) {
        byte[] block = new byte[4096];
        byte[] out = new byte[8192];
        long sum = 0;
        int tooBig = 0;
        int zero = 0;
        int n = 0;
        try (Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA)) {
            for (long o = offset; o < offset + len; o += 4096, n++) {
                b.read(o, block, 0, 4096);
                int size = lz4.compress(block, 0, 4096, out, 0, out.length);
                sum += size;
                tooBig += size > 4059 ? 1 : 0;
                zero += java.util.Arrays.equals(block, new byte[4096]) ? 1 : 0;
            }
        }
        return new BlockSizes((double) sum / n, tooBig, zero);
    }

    /** Negative control: the verify pass really reads the data back, so corruption is caught. */
    @Test
    void verifyCatchesABlockCorruptedBehindFiosBack() throws Exception {
        String[] job = verified("--rw=write", "--bs=4k", "--size=1M");
        FioRun write = runFio("seed", concat(job, "--do_verify=0"));
        assertEquals(0, write.exitCode(), write.log());
        try (var c = NbdTestClient.connectGo(server.address())) {
            byte[] block = c.read(256 << 10, 4096).data();
            block[2000] ^= 0x40;
            assertEquals(0, c.write(256 << 10, block));
        }
        FioRun verify = runFio("check", concat(job, "--verify_only=1"));
        assertNotEquals(0, verify.exitCode(), "fio must notice the flipped bit\n" + verify.log());
        assertNotNull(verify.json(), verify.log());
        assertEquals(84 /* EILSEQ: verify failure */, verify.json().get("jobs").get(0).get("error").asInt(), verify.log());
        assertTrue(verify.log().contains("offset 262144"), "the corrupted block is the one reported\n" + verify.log());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
