package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.testing.FioTool;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.storage.FileBlockDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve-nbd --storage file} survives {@code kill -9}: real fio (Debian's, nbd engine) writes
 * compressible data ({@code buffer_compress_percentage=60}, {@code refill_buffers}) with an fsync
 * every 8 writes into a fresh 1 MiB region per round, carrying fio's crc32c verify headers; the
 * server process is killed (SIGKILL) at a random moment, restarted on the same file (the volume
 * is reopened and its journal replayed), and fio's {@code verify_only} reads back, for every round
 * so far, every block written before the last fsync that completed. With one write in flight
 * (iodepth 1), a job that completed C writes had its fsync after write 8 * floor((C - 1) / 8)
 * completed before write C was issued: those blocks are the flushed ones. At the end the volume is
 * opened in this JVM and every reference count must equal the LBNs mapped to its block.
 */
@Timeout(600)
class ServeNbdKillTest {
    private static final long SEED = Long.getLong("vdobench.kill.seed", 0x6b696c6cL);
    private static final int KILLS = Integer.getInteger("vdobench.kill.rounds", 20);
    private static final int REGION_BLOCKS = 256;
    private static final int FSYNC_EVERY = 8;

    @TempDir Path dir;
    String fio;

    @Test
    void everyFlushedBlockSurvivesKillMinus9() throws Exception {
        fio = FioTool.fioWithNbd().toString();
        Random rnd = new Random(SEED);
        Path file = dir.resolve("vdo.img");
        long size = (long) (KILLS + 1) * REGION_BLOCKS * 4096;
        List<Integer> flushed = new ArrayList<>(); // per round: blocks of its region written before a completed fsync
        long checkedBlocks = 0;
        int recoveries = 0;
        for (int round = 0; round <= KILLS; round++) {
            Server s = Server.start(dir, file, size, round == 0);
            try {
                if (round > 0) {
                    assertTrue(s.banner.contains("recovered after a crash"), s.banner);
                    recoveries++;
                }
                checkedBlocks = verifyFlushed(s, flushed, "verify" + round);
                if (round == KILLS) {
                    break;
                }
                // write the next region, killing the server at a random moment
                Path json = dir.resolve("write" + round + ".json");
                Process w = fio(s, json, writeJob(round, "--size=" + REGION_BLOCKS * 4096, "--do_verify=0",
                        "--fsync=" + FSYNC_EVERY, "--rate_iops=600"));
                // a random moment while fio writes: once the server has seen a random number of its writes
                int target = 1 + rnd.nextInt(REGION_BLOCKS - 2 * FSYNC_EVERY);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (s.writeRequests() < target && w.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(rnd.nextInt(20));
                s.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                if (!w.waitFor(60, TimeUnit.SECONDS)) {
                    w.destroyForcibly();
                    fail("fio did not stop after the server was killed");
                }
                long completed = completedWrites(json);
                flushed.add(completed < 1 ? 0 : (int) (FSYNC_EVERY * ((completed - 1) / FSYNC_EVERY)));
            } finally {
                s.stop();
            }
        }
        // the final server was asked to quit: a clean close; now check the reference counts
        long mapped;
        try (FileBlockDevice dev = new FileBlockDevice(file, Files.size(file) / 4096);
             VdoVolume v = VdoVolume.open(dev)) {
            assertTrue(v.openReport().clean(), v.openReport().toString());
            mapped = checkReferenceCounts(v);
        }
        long flushedTotal = flushed.stream().mapToLong(Integer::longValue).sum();
        System.out.printf("ServeNbdKillTest: seed %#x, %d kills (SIGKILL), %d recoveries, flushed blocks per round %s, "
                + "%d flushed blocks checked after the last restart, 0 lost; %d LBNs mapped, reference counts equal%n",
                SEED, KILLS, recoveries, flushed, checkedBlocks, mapped);
        assertEquals(KILLS, recoveries);
        assertEquals(flushedTotal, checkedBlocks);
        assertTrue(flushedTotal > KILLS * FSYNC_EVERY, "the kills should land while fio writes: " + flushed);
    }

    /** fio's verify_only over every round's flushed blocks (one job per round); returns the blocks read. */
    private long verifyFlushed(Server s, List<Integer> flushed, String name) throws Exception {
        List<String> args = new ArrayList<>();
        long blocks = 0;
        for (int r = 0; r < flushed.size(); r++) {
            if (flushed.get(r) == 0) {
                continue;
            }
            args.addAll(writeJob(r, "--size=" + (long) flushed.get(r) * 4096, "--verify_only", "--verify_fatal=1"));
            blocks += flushed.get(r);
        }
        if (args.isEmpty()) {
            return 0;
        }
        Path json = dir.resolve(name + ".json");
        Process p = fio(s, json, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("fio verify did not finish");
        }
        String log = Files.readString(dir.resolve(json.getFileName() + ".log"));
        assertEquals(0, p.exitValue(), "fio verify_only found lost or corrupt flushed blocks:\n" + log);
        JsonNode jobs = new ObjectMapper().readTree(json.toFile()).get("jobs");
        long read = 0;
        for (JsonNode j : jobs) {
            assertEquals(0, j.get("error").asInt(), log);
            read += j.get("read").get("io_bytes").asLong() / 4096;
        }
        assertEquals(blocks, read, log);
        return read;
    }

    /** One fio job on region {@code round}: sequential 4 KiB writes, one at a time, compressible, crc32c headers. */
    private static List<String> writeJob(int round, String... more) {
        List<String> a = new ArrayList<>(List.of("--name=region" + round, "--rw=write", "--bs=4k", "--iodepth=1",
                "--offset=" + (long) round * REGION_BLOCKS * 4096, "--verify=crc32c",
                "--buffer_compress_percentage=60", "--refill_buffers", "--randseed=" + (1000 + round)));
        a.addAll(List.of(more));
        return a;
    }

    private Process fio(Server s, Path json, List<String> jobs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(fio, "--ioengine=nbd", "--uri=nbd://127.0.0.1:" + s.port + "/",
                "--output-format=json", "--output=" + json));
        cmd.addAll(jobs); // the options before the first --name are global: every job uses the server
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(json.getFileName() + ".log").toFile()).start();
    }

    private static long completedWrites(Path json) throws IOException {
        String text = Files.exists(json) ? Files.readString(json) : "";
        int start = text.indexOf('{');
        assertTrue(start >= 0, "fio wrote no JSON after the kill: " + text);
        JsonNode j = new ObjectMapper().readTree(text.substring(start)).get("jobs").get(0);
        return j.get("write").get("io_bytes").asLong() / 4096;
    }

    /** Every data block's reference count equals the LBNs mapped to it; returns the LBNs mapped. */
    private static long checkReferenceCounts(VdoVolume v) {
        Map<Long, Integer> refs = new HashMap<>();
        long mapped = 0;
        for (long lbn = 0; lbn < v.logicalBlocks(); lbn++) {
            long pbn = v.mapping(lbn).pbn();
            if (pbn != 0) {
                refs.merge(pbn, 1, Integer::sum);
                mapped++;
            }
        }
        for (long pbn = 1; pbn <= v.physicalDataBlocks(); pbn++) {
            assertEquals(refs.getOrDefault(pbn, 0).intValue(), v.referenceCount(pbn), "reference count of PBN " + pbn);
        }
        return mapped;
    }

    /** A serve-nbd process on the file. */
    private static final class Server {
        final Process process;
        final int port;
        final String banner;
        final Path log;

        private Server(Process process, int port, String banner, Path log) {
            this.process = process;
            this.port = port;
            this.banner = banner;
            this.log = log;
        }

        static Server start(Path dir, Path file, long size, boolean format) throws Exception {
            Path portFile = dir.resolve("port");
            Files.deleteIfExists(portFile);
            Path log = Files.createTempFile(dir, "serve", ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1"));
            for (String p : List.of("vdobench.native.dir", "vdobench.root")) {
                if (System.getProperty(p) != null) {
                    cmd.add("-D" + p + "=" + System.getProperty(p));
                }
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vdobench.cli.Main", "serve-nbd",
                    "--storage", "file", "--file", file.toString(), "--size", Long.toString(size), "--port", "0",
                    "--port-file", portFile.toString()));
            if (format) {
                cmd.add("--format");
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(portFile) && Files.readString(portFile).endsWith("\n"))) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    fail("serve-nbd did not start:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return new Server(p, Integer.parseInt(Files.readString(portFile).strip()), Files.readString(log), log);
        }

        /** The server's write requests so far (its {@code stats} command). */
        long writeRequests() throws Exception {
            String before = Files.readString(log);
            process.getOutputStream().write("stats\n".getBytes());
            process.getOutputStream().flush();
            for (int i = 0; i < 500; i++) {
                String now = Files.readString(log);
                int at = now.lastIndexOf("write requests");
                if (now.length() > before.length() && at >= before.length()) {
                    int eol = now.indexOf('\n', at);
                    if (eol > 0) {
                        return Long.parseLong(now.substring(now.indexOf(':', at) + 1, eol).strip());
                    }
                }
                Thread.sleep(5);
            }
            fail("serve-nbd did not answer 'stats':\n" + Files.readString(log));
            return 0;
        }

        /** Asks a live server to quit (a clean close) and waits; a killed one is already gone. */
        void stop() throws Exception {
            if (process.isAlive()) {
                process.getOutputStream().write("quit\n".getBytes());
                process.getOutputStream().flush();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("serve-nbd did not quit");
                }
            }
        }
    }
}
