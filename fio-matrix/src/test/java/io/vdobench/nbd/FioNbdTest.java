package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Real fio (Debian's, ioengine=nbd through libnbd) against our server: write + crc32c verify must
 * report zero errors and exactly the expected bytes. Skipped, with the reason, only when fio or its
 * nbd engine is not installed.
 */
@Timeout(300)
class FioNbdTest {
    static final long EXPORT = 32L << 20;
    static String fio;

    MemoryNbdBackend backend;
    NbdServer server;
    @TempDir Path dir;

    @BeforeAll
    static void findFio() throws Exception {
        fio = null;
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(p, "fio");
            if (Files.isExecutable(candidate)) {
                fio = candidate.toString();
                break;
            }
        }
        assumeTrue(fio != null, "fio is not installed (apt-get install fio); skipping the real-fio NBD test");
        Process p = new ProcessBuilder(fio, "--enghelp").redirectErrorStream(true).start();
        String engines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        boolean hasNbd = engines.lines().anyMatch(l -> l.trim().equals("nbd"));
        assumeTrue(hasNbd, "this fio (" + fio + ") was built without the nbd engine (needs libnbd); skipping");
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
        FioRun run = runFio("w4k", "--rw=randwrite", "--bs=4k", "--size=4M", "--iodepth=8",
                "--verify=crc32c", "--do_verify=1", "--verify_fatal=1");
        assertClean(run, 1, 4L << 20);
        assertEquals(4L << 20, server.stats().bytesWritten());
        assertEquals(1024, backend.storedBlocks());
        assertEquals(0, server.stats().errorReplies().size(), server.statistics());
    }

    @Test
    void sequentialWrite64kThenCrc32cVerify() throws Exception {
        FioRun run = runFio("w64k", "--rw=write", "--bs=64k", "--size=4M", "--iodepth=4",
                "--verify=crc32c", "--do_verify=1", "--verify_fatal=1");
        assertClean(run, 1, 4L << 20);
        assertEquals(4L << 20, server.stats().bytesRead());
        assertEquals(0, server.stats().errorReplies().size(), server.statistics());
    }

    @Test
    void fourJobsOnFourConnectionsWriteAndVerifyTheirOwnRegions() throws Exception {
        FioRun run = runFio("jobs4", "--rw=randwrite", "--bs=64k", "--size=4M", "--numjobs=4",
                "--offset_increment=4M", "--iodepth=4", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1");
        assertClean(run, 4, 4L << 20);
        assertTrue(server.stats().handshakesCompleted() >= 4, server.statistics());
        assertEquals(16L << 20, server.stats().bytesWritten());
        assertEquals(4096, backend.storedBlocks(), "four distinct 4 MiB regions");
    }

    /** Negative control: the verify pass really reads the data back, so corruption is caught. */
    @Test
    void verifyCatchesABlockCorruptedBehindFiosBack() throws Exception {
        String[] job = {"--rw=write", "--bs=4k", "--size=1M", "--verify=crc32c"};
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
