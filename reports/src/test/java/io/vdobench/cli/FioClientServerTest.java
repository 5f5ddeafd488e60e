package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.fio.JobFileGenerator;
import io.vdobench.fio.JobFileOptions;
import io.vdobench.fio.Matrix;
import io.vdobench.fio.MatrixCase;
import io.vdobench.fio.MatrixProfile;
import io.vdobench.testing.FioTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated matrix through fio's own client/server mode on loopback: two {@code fio --server} processes stand
 * for two hosts (127.0.0.1 and 127.0.0.2), one with dm-vdo's IAA switch (a fake sysfs file) and vdostats (a stand-in
 * on its PATH), one with neither; {@code run.sh ab} drives both with {@code FIO_CLIENTS} against a file, then
 * {@code fio-collect} writes one run directory per host and {@code report} renders both into one page.
 */
class FioClientServerTest {
    @TempDir
    Path dir;

    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(Process::destroy);
    }

    @Test
    void twoHostsThroughFioClientServerLandInOneRunDirectoryPerHost() throws Exception {
        FioTool.fio();
        Matrix full = Matrix.load();
        List<MatrixCase> cases = List.of(full.caseById("write-4k-1j"), full.caseById("randread-4k-1j"));
        Map<String, MatrixProfile> profiles = new LinkedHashMap<>(full.profiles());
        profiles.put("tiny", new MatrixProfile("tiny", "test", 0, 1, cases.stream().map(MatrixCase::id).toList()));
        Matrix m = new Matrix(full.description(), full.global(), full.cases(), profiles);
        Path jobs = dir.resolve("jobs");
        Path target = dir.resolve("vdo-standin.dat");
        new JobFileGenerator(m, JobFileOptions.forDevice(target.toString()).withIoengine("psync").withSize("4m", true))
                .writeDirectory(jobs, "tiny", m.cases("tiny"));

        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("vdostats"), "#!/bin/sh\necho \"stats of $2 at $(cat " + dir.resolve("switch") + ")\"\n");
        Files.setPosixFilePermissions(bin.resolve("vdostats"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path param = Files.writeString(dir.resolve("switch"), "1\n");
        String one = server("127.0.0.1", Map.of("PATH", bin + ":/usr/bin:/bin", "VDO_IAA_PARAM", param.toString()));
        String two = server("127.0.0.2", Map.of("PATH", "/usr/bin:/bin", "VDO_IAA_PARAM", dir.resolve("absent").toString()));

        ProcessBuilder pb = new ProcessBuilder("sh", "run.sh", "ab", "1").directory(jobs.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.out").toFile());
        pb.environment().put("FIO_CLIENTS", one + " " + two);
        Process run = pb.start();
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "run.sh finished");
        assertEquals(0, run.exitValue(), Files.readString(dir.resolve("run.out")));
        assertEquals("1", Files.readString(param).strip(), "the switch is put back on its host");

        StringWriter out = new StringWriter();
        Path runDir = dir.resolve("run");
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("fio-collect", jobs.toString(), "-o", runDir.toString()), out.toString());
        for (String host : List.of("127.0.0.1", "127.0.0.2")) {
            List<String> repeats = Files.readAllLines(runDir.resolve(host).resolve(FioCollectCommand.REPEATS_FILE));
            assertEquals(5, repeats.size(), "header + 2 cases x 1 pair x 2 policies on " + host);
            // Each run separately, with its pair and its position in the case: case 1 runs A B, case 2 B A.
            assertEquals(List.of("lz4,1,1", "iaa,1,2", "iaa,1,1", "lz4,1,2"), repeats.stream().skip(1)
                    .map(l -> l.split(",")).map(f -> f[5] + "," + f[6] + "," + f[7]).toList());
            assertTrue(repeats.stream().skip(1).allMatch(l -> Double.parseDouble(l.split(",")[10]) > 0), host);
            assertTrue(Files.readString(runDir.resolve(host).resolve("summary.txt")).contains("random read"));
        }
        Path h1 = runDir.resolve("127.0.0.1");
        assertTrue(Files.readString(h1.resolve("results.csv")).contains("dm-vdo:iaa_enabled=1"));
        assertEquals("stats of " + target + " at 0",
                Files.readString(h1.resolve("vdostats/lz4/write-4k-1j.r1.after.txt")).strip());
        Path h2 = runDir.resolve("127.0.0.2");
        assertTrue(Files.readString(h2.resolve("results.csv")).contains("dm-vdo:no-iaa-switch"),
                "a host without the switch ran both labels on one kernel path: said so");
        assertTrue(Files.readString(h2.resolve("vdostats/iaa/randread-4k-1j.r1.before.txt")).startsWith("vdostats not installed"));

        StringWriter rep = new StringWriter();
        var rl = Main.commandLine();
        rl.setOut(new PrintWriter(rep));
        assertEquals(0, rl.execute("report", runDir.toString()), rep.toString());
        assertTrue(rep.toString().contains("2 runs"), rep.toString());
        String html = Files.readString(runDir.resolve("index.html"));
        assertTrue(html.contains("127.0.0.1") && html.contains("127.0.0.2"));
    }

    /** Starts {@code fio --server} on ADDRESS and a free port, in its own directory; returns its client spec. */
    private String server(String address, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cwd = Files.createDirectories(dir.resolve("server-" + address));
        ProcessBuilder pb = new ProcessBuilder("fio", "--server=ip:" + address + "," + port).directory(cwd.toFile())
                .redirectErrorStream(true).redirectOutput(cwd.resolve("server.log").toFile());
        pb.environment().putAll(env);
        servers.add(pb.start());
        for (int i = 0; i < 50; i++) {
            try (var socket = new java.net.Socket(address, port)) {
                return "ip:" + address + "," + port;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("fio --server on " + address + "," + port + " did not start: "
                + Files.readString(cwd.resolve("server.log")));
    }
}
