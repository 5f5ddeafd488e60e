package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdobench.ffm.qpl.QplLibrary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vdobench iaa-doctor} on the recorded hosts of native's tests, and on this host. */
class IaaDoctorCommandTest {
    /** native's fixtures (the module's tests run in reports/). */
    private static final Path HOSTS = Path.of("../native/src/test/resources/iaa-hosts");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path host(String name) {
        Path p = HOSTS.resolve(name + ".host");
        assertTrue(Files.isRegularFile(p), "fixture " + p.toAbsolutePath());
        return p;
    }

    @Test
    void kernelDefaultHostIsUnavailableWithTheCommandsThatFixIt() {
        Run r = run("iaa-doctor", "--recording", host("dedicated-wq").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("BLOCKER  iax1: no work queue libqpl can use: wq1.0: dedicated kernel"), r.out());
        assertTrue(r.out().contains("    $ accel-config config-wq iax1/wq1.1 --group-id=0 --mode=shared --wq-size=64"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("    wq1.0 ")
                && l.endsWith(" dedicated kernel \"iaa_crypto\", size 128, enabled, driver crypto, group 0")), r.out());
        assertTrue(r.out().contains("Hardware job: not run: host read from a recording"), r.out());
        assertTrue(r.out().contains("NOTE  iaa_crypto: verify_compress=1"), r.out());
    }

    @Test
    void healthyHostAsJson() throws Exception {
        Run r = run("iaa-doctor", "--json", "--recording", host("healthy-shared").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("", j.get("blocker").asText());
        assertEquals(0, j.get("findings").size(), j.toPrettyString());
        assertFalse(j.get("hardware_job").get("ran").asBoolean());
        assertEquals("IAA 2.0", j.get("facts").get("iaa.iax1.generation").asText());
        assertEquals("shared", j.get("facts").get("iaa.wq1.1.mode").asText());
        assertEquals("group 0: 8 (of 8)", j.get("facts").get("iaa.iax1.engines").asText());
    }

    @Test
    void oneEngineHostWarnsAsJson() throws Exception {
        Run r = run("iaa-doctor", "--json", "--recording", host("one-engine").toString());
        assertEquals(0, r.exit(), "warnings do not block: " + r.out() + r.err());
        JsonNode f = new ObjectMapper().readTree(r.out()).get("findings");
        assertEquals("warning", f.get(0).get("severity").asText());
        assertEquals("accel-config config-engine iax1/engine1.1 --group-id=0", f.get(0).get("fix").get(2).asText());
    }

    @Test
    void thisHostRunsTheJobAndExitsByItsResult() throws Exception {
        Run r = run("iaa-doctor", "--json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        boolean passed = j.get("hardware_job").get("passed").asBoolean();
        assertEquals(passed ? 0 : 1, r.exit(), r.out() + r.err());
        assertTrue(j.get("facts").has("iaa.libaccel_config"), j.toPrettyString());
        QplLibrary lib = QplLibrary.get();
        if (lib.isAvailable() && !lib.hardwareProbe().available()) {
            assertEquals("not run: qpl_init_job(hardware) returned " + lib.hardwareProbe().describe(),
                    j.get("hardware_job").get("status").asText());
            assertFalse(j.get("blocker").asText().isEmpty(), "no hardware here, so a blocker is named");
        }
    }

    @Test
    void recordingThisHostReplaysToTheSameDiagnosis() throws Exception {
        Path file = tmp.resolve("this.host");
        Run rec = run("iaa-doctor", "--record", file.toString());
        assertEquals(0, rec.exit(), rec.err());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("# vdobench IAA host recording 1"), lines.get(0));
        JsonNode here = new ObjectMapper().readTree(run("iaa-doctor", "--json").out());
        JsonNode replayed = new ObjectMapper().readTree(run("iaa-doctor", "--json", "--recording", file.toString()).out());
        assertEquals(here.get("blocker"), replayed.get("blocker"));
        assertEquals(here.get("findings"), replayed.get("findings"));
    }

    @Test
    void probeRefusesWithoutHardwareAndSaysWhy() throws Exception {
        QplLibrary lib = QplLibrary.get();
        org.junit.jupiter.api.Assumptions.assumeFalse(lib.isAvailable() && lib.hardwareProbe().available(),
                "this host has a usable IAA: the refusal cannot be shown here");
        Path file = tmp.resolve("params.properties");
        Run r = run("iaa-probe", "--out", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("iaa-probe: the hardware path is unavailable, nothing measured: not run: "), r.err());
        String blocker = new ObjectMapper().readTree(run("iaa-doctor", "--json").out()).get("blocker").asText();
        assertTrue(r.err().contains(blocker), "names the doctor's blocker: " + r.err());
        assertFalse(Files.exists(file), "no parameter file without a measurement");
    }

    @Test
    void badInputIsAUsageErrorNotAStackTrace() throws Exception {
        Path bad = tmp.resolve("bad.host");
        Files.writeString(bad, "this is not a recording\n");
        Run r = run("iaa-doctor", "--recording", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("line 1: expected 'path: value' or 'path -> target'"), r.err());
        assertEquals(2, run("iaa-doctor", "--recording", tmp.resolve("missing").toString()).exit());
        assertEquals(2, run("iaa-doctor", "--root", tmp.resolve("missing").toString()).exit());
        assertEquals(2, run("iaa-doctor", "--root", tmp.toString(), "--recording", bad.toString()).exit());
    }
}
