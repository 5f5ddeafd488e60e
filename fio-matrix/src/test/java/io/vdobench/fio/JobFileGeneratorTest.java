package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void caseFileCarriesThePatchParametersAndTheDevice() {
        Matrix m = Matrix.load();
        var gen = new JobFileGenerator(m, JobFileOptions.forDevice("/dev/mapper/vdo0"));
        String f = gen.caseFile(m.profile("full"), m.caseById("write-64k-16j"));
        List<String> lines = f.lines().toList();
        for (String expect : List.of("[global]", "filename=/dev/mapper/vdo0", "ioengine=libaio", "iodepth=1",
                "direct=1", "time_based=1", "ramp_time=30", "runtime=60", "buffer_compress_percentage=60",
                "group_reporting=1", "[write-64k-16j]", "rw=write", "bs=64k", "numjobs=16")) {
            assertTrue(lines.contains(expect), "missing line '" + expect + "' in\n" + f);
        }
        String quick = gen.caseFile(m.profile("quick"), m.caseById("write-64k-16j"));
        assertTrue(quick.contains("ramp_time=" + m.profile("quick").rampSeconds() + "\n"));
        assertFalse(quick.contains("ramp_time=30\n"));
        // The device-side choices are parameters.
        var nbd = new JobFileGenerator(m, JobFileOptions.forDevice("/dev/nbd0").withIoengine("io_uring").withIodepth(8));
        String g = nbd.caseFile(m.profile("full"), m.caseById("randread-4k-1j"));
        assertTrue(g.contains("filename=/dev/nbd0\n") && g.contains("ioengine=io_uring\n") && g.contains("iodepth=8\n"), g);
    }

    @Test
    void regionSplitGivesEachJobItsOwnSlice() {
        Matrix m = Matrix.load();
        var gen = new JobFileGenerator(m, JobFileOptions.forDevice("/dev/x").withSize("16m", true));
        Map<String, String> j = gen.jobOptions(m.caseById("randwrite-128k-16j"));
        assertEquals("1048576", j.get("size"));
        assertEquals("1048576", j.get("offset_increment"));
        Map<String, String> one = gen.jobOptions(m.caseById("randwrite-128k-1j"));
        assertEquals("16m", one.get("size"));
        assertFalse(one.containsKey("offset_increment"));
        var tiny = new JobFileGenerator(m, JobFileOptions.forDevice("/dev/x").withSize("1m", true));
        assertThrows(IllegalArgumentException.class, () -> tiny.jobOptions(m.caseById("write-128k-16j")));
    }

    @Test
    void rejectsOptionInjection() {
        assertThrows(IllegalArgumentException.class, () -> JobFileOptions.forDevice("/dev/x\n[evil]"));
        assertThrows(IllegalArgumentException.class, () -> JobFileOptions.forDevice("/dev/x").withIodepth(0));
        assertThrows(IllegalArgumentException.class,
                () -> JobFileOptions.forDevice("/dev/x").withExtra(Map.of("bad name", "1")));
    }

    @Test
    void everyGeneratedFileIsAcceptedByRealFio() throws Exception {
        FioCli.requireFio();
        Matrix m = Matrix.load();
        var gen = new JobFileGenerator(m, JobFileOptions.forDevice("/dev/mapper/vdo0").withSize("1g", true));
        List<Path> files = new ArrayList<>(gen.writeDirectory(dir, "full", m.cases("full")));
        assertEquals(72, files.size());
        Path single = dir.resolve("all.fio");
        Files.writeString(single, gen.singleFile(m.profile("quick"), m.cases("quick")));
        files.add(single);
        files.add(dir.resolve("prefill.fio"));
        // One fio process parses all files (--parse-only accepts several job files).
        List<String> cmd = new ArrayList<>(List.of("fio", "--parse-only"));
        files.forEach(f -> cmd.add(f.toString()));
        FioCli.run(dir, cmd);
        String run = Files.readString(dir.resolve("run.sh"));
        assertTrue(run.contains("prefill.fio") && run.contains("one randread-128k-16j 72-randread-128k-16j.fio 72/72"), run);
        assertTrue(Files.isExecutable(dir.resolve("run.sh")));
    }

    /**
     * {@code ./run.sh ab}: both policies on one kernel through dm-vdo's IAA switch, K pairs per case in the order
     * A B, B A (even-numbered cases flipped), vdostats around every run, read cases refilled under their own policy,
     * every run in order.csv. fio and vdostats are stand-ins that log what they were asked to do and the switch's
     * value at that moment; the switch is a file (a fake sysfs).
     */
    @Test
    void abModeTogglesTheSwitchInInterleavedOrderAndRecordsVdostats() throws Exception {
        Matrix m = tinyMatrix();
        Path jobs = dir.resolve("jobs");
        Path device = Files.writeString(dir.resolve("vdo0"), "");
        new JobFileGenerator(m, JobFileOptions.forDevice(device.toString())).writeDirectory(jobs, "tiny", m.cases("tiny"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path param = dir.resolve("sys/module/dm_vdo/parameters/iaa_enabled");
        Files.createDirectories(param.getParent());
        Path log = dir.resolve("log");
        Files.writeString(param, "1\n");
        fakeFio(bin, param, log);
        fake(bin.resolve("vdostats"), "echo \"vdostats $(cat " + param + ") $*\" >>" + log + "\necho \"stats of $2\"\n");
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "VDO_IAA_PARAM", param.toString());
        assertEquals(0, sh(jobs, env, "ab", "2"));
        List<String> fio = Files.readAllLines(log).stream().filter(l -> l.startsWith("fio ")).toList();
        assertEquals(List.of(
                "fio 0 lz4/prefill.json prefill.fio",
                "fio 0 lz4/write-4k-8j.r1.json 1-write-4k-8j.fio", "fio 1 iaa/write-4k-8j.r1.json 1-write-4k-8j.fio",
                "fio 1 iaa/write-4k-8j.r2.json 1-write-4k-8j.fio", "fio 0 lz4/write-4k-8j.r2.json 1-write-4k-8j.fio",
                "fio 1 iaa/randread-16k-1j.r1.prefill.json prefill.fio", "fio 1 iaa/randread-16k-1j.r1.json 2-randread-16k-1j.fio",
                "fio 0 lz4/randread-16k-1j.r1.prefill.json prefill.fio", "fio 0 lz4/randread-16k-1j.r1.json 2-randread-16k-1j.fio",
                "fio 0 lz4/randread-16k-1j.r2.prefill.json prefill.fio", "fio 0 lz4/randread-16k-1j.r2.json 2-randread-16k-1j.fio",
                "fio 1 iaa/randread-16k-1j.r2.prefill.json prefill.fio", "fio 1 iaa/randread-16k-1j.r2.json 2-randread-16k-1j.fio"), fio);
        assertEquals(16, Files.readAllLines(log).stream().filter(l -> l.startsWith("vdostats ")).count(), "before and after each of 8 runs");
        Path stats = jobs.resolve("results/vdostats/local");
        assertEquals("stats of " + device, Files.readString(stats.resolve("iaa/write-4k-8j.r2.after.txt")).strip());
        assertEquals("iaa_enabled=0", Files.readString(stats.resolve("lz4/randread-16k-1j.r2.switch.txt")).strip());
        assertEquals(List.of("seq,case,pair,position,policy,switch,file,started_utc",
                        "1,write-4k-8j,1,1,lz4,0,lz4/write-4k-8j.r1.json", "2,write-4k-8j,1,2,iaa,1,iaa/write-4k-8j.r1.json",
                        "3,write-4k-8j,2,3,iaa,1,iaa/write-4k-8j.r2.json", "4,write-4k-8j,2,4,lz4,0,lz4/write-4k-8j.r2.json",
                        "5,randread-16k-1j,1,1,iaa,1,iaa/randread-16k-1j.r1.json",
                        "6,randread-16k-1j,1,2,lz4,0,lz4/randread-16k-1j.r1.json",
                        "7,randread-16k-1j,2,3,lz4,0,lz4/randread-16k-1j.r2.json",
                        "8,randread-16k-1j,2,4,iaa,1,iaa/randread-16k-1j.r2.json"),
                Files.readAllLines(jobs.resolve("results/order.csv")).stream()
                        .map(l -> l.startsWith("seq") ? l : l.substring(0, l.lastIndexOf(','))).toList());
        assertTrue(Files.exists(jobs.resolve("results/iaa/prefill.json")));
        assertEquals("1", Files.readString(param).strip(), "the switch is put back as it was");
        Files.delete(param);
        assertEquals(2, sh(jobs, env, "ab", "1"), "no switch on a single host: refuse, never run one policy twice");
        assertEquals(2, sh(jobs, env, "ab", "x"), "K must be a number");
    }

    /** The fourth pair of a case runs A B again: A B, B A, B A, A B. */
    @Test
    void pairsFollowTheAbbaPatternOverFourRepeats() throws Exception {
        Matrix m = tinyMatrix();
        Path jobs = dir.resolve("jobs");
        new JobFileGenerator(m, JobFileOptions.forDevice("/dev/mapper/vdo0")).writeDirectory(jobs, "tiny",
                List.of(m.caseById("write-4k-8j")));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path param = Files.writeString(dir.resolve("iaa_enabled"), "0\n");
        fakeFio(bin, param, dir.resolve("log"));
        assertEquals(0, sh(jobs, Map.of("PATH", bin + ":" + System.getenv("PATH"), "VDO_IAA_PARAM", param.toString()),
                "ab", "4"));
        assertEquals(List.of("lz4", "iaa", "iaa", "lz4", "iaa", "lz4", "lz4", "iaa"),
                Files.readAllLines(jobs.resolve("results/order.csv")).stream().skip(1).map(l -> l.split(",")[4]).toList());
    }

    /** Without vdostats on PATH, or without the device, each run's file says so and the matrix goes on. */
    @Test
    void missingVdostatsOrDeviceIsRecordedAndTheRunContinues() throws Exception {
        Matrix m = tinyMatrix();
        Path jobs = dir.resolve("jobs");
        new JobFileGenerator(m, JobFileOptions.forDevice(dir.resolve("no-such-vdo").toString()))
                .writeDirectory(jobs, "tiny", m.cases("tiny"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        fakeFio(bin, Files.writeString(dir.resolve("unused"), "-"), dir.resolve("log"));
        // PATH without vdostats: the stand-in fio, and the directories of sh, cat, date, mkdir...
        String path = bin + ":/usr/bin:/bin";
        assertFalse(Files.exists(Path.of("/usr/bin/vdostats")) || Files.exists(Path.of("/bin/vdostats")),
                "this test needs a host without vdostats in /usr/bin, /bin");
        assertEquals(0, sh(jobs, Map.of("PATH", path), "lz4", "1"));
        Path stats = jobs.resolve("results/vdostats/local/lz4");
        assertTrue(Files.readString(stats.resolve("randread-16k-1j.r1.after.txt")).startsWith("vdostats not installed"));
        assertTrue(Files.readString(jobs.resolve("run.out")).contains("run.sh: vdostats not installed"));
        fake(bin.resolve("vdostats"), "echo should not run\n");
        assertEquals(0, sh(jobs, Map.of("PATH", path), "lz4", "1"));
        assertTrue(Files.readString(stats.resolve("write-4k-8j.r1.before.txt")).startsWith("no device " + dir.resolve("no-such-vdo")));
        assertEquals(5, Files.readAllLines(jobs.resolve("results/order.csv")).size(), "one header, 2 runs twice, appended");
    }

    /** A stand-in fio: logs the switch value, the output file and the job file; writes '{}' there. */
    private static void fakeFio(Path bin, Path param, Path log) throws Exception {
        fake(bin.resolve("fio"), "out=''; for a in \"$@\"; do case \"$a\" in --output=*) out=${a#--output=} ;; esac; done\n"
                + "echo \"fio $(cat " + param + ") ${out#results/} ${*##* }\" >>" + log + "\necho '{}' >\"$out\"\n");
    }

    /** The matrix plus a profile "tiny": write-4k-8j and randread-16k-1j, 0 s ramp, 1 s each. */
    private static Matrix tinyMatrix() {
        Matrix full = Matrix.load();
        Map<String, MatrixProfile> profiles = new LinkedHashMap<>(full.profiles());
        List<MatrixCase> cases = List.of(full.caseById("write-4k-8j"), full.caseById("randread-16k-1j"));
        profiles.put("tiny", new MatrixProfile("tiny", "test", 0, 1, cases.stream().map(MatrixCase::id).toList()));
        return new Matrix(full.description(), full.global(), full.cases(), profiles);
    }

    private static void fake(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int sh(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "run.sh"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("run.out").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "run.sh finished");
        return p.exitValue();
    }

    @Test
    void parseOnlyRejectsABrokenFileEvenAfterGoodOnes() throws Exception {
        // Shows the multi-file --parse-only check above can fail: a bad last file fails the whole run.
        FioCli.requireFio();
        Path good = dir.resolve("good.fio");
        Files.writeString(good, "[global]\nfilename=/dev/null\n[x]\nrw=write\n");
        Path bad = dir.resolve("bad.fio");
        Files.writeString(bad, "[global]\nfilename=/dev/null\n[y]\nrw=sideways\n");
        FioCli.run(dir, List.of("fio", "--parse-only", good.toString()));
        assertThrows(org.opentest4j.AssertionFailedError.class, () -> FioCli.run(dir, List.of("fio", "--parse-only",
                good.toString(), bad.toString())));
    }

    /** A tiny variant of the matrix (1 s per case on a temp file) really runs and yields parseable JSON. */
    @Test
    void tinyVariantRunsAgainstATempFileAndProducesJson() throws Exception {
        FioCli.requireFio();
        Matrix m = tinyMatrix();
        Path target = dir.resolve("vdo-standin.dat");
        var gen = new JobFileGenerator(m, JobFileOptions.forDevice(target.toString()).withSize("8m", true));
        Path jobs = dir.resolve("jobs");
        gen.writeDirectory(jobs, "tiny", m.cases("tiny"));
        // The generated runner itself: prefill, then both cases twice.
        FioCli.run(jobs, List.of("sh", "run.sh", "file", "2"));
        Path out = jobs.resolve("results/file");
        assertTrue(Files.exists(out.resolve("prefill.json")));
        assertEquals(8 << 20, Files.size(target));
        List<CaseResult> cr = FioCaseResults.fromDirectory(out, "file", m);
        assertEquals(Set.of("write-4k-8j", "randread-16k-1j"),
                Set.copyOf(cr.stream().map(r -> r.matrixCase().id()).toList()));
        cr.forEach(r -> assertEquals(2, r.samples().length, r.toString()));
        List<FioResult> results = List.of(FioJsonParser.parse(out.resolve("write-4k-8j.r1.json")),
                FioJsonParser.parse(out.resolve("randread-16k-1j.r2.json")));
        FioResult w = results.get(0);
        assertEquals("fio-3.", w.fioVersion().substring(0, 6));
        assertEquals(1, w.jobs().size(), "group_reporting folds the 8 jobs into one entry");
        IoStats ws = w.jobs().get(0).write();
        assertTrue(ws.ioBytes() > 0 && ws.bwBytes() > 0 && ws.iops() > 0 && ws.runtimeMs() > 0);
        assertEquals("60", w.effectiveOptions(w.jobs().get(0)).get("buffer_compress_percentage"));
        assertEquals("8", w.jobs().get(0).options().get("numjobs"));
        IoStats rs = results.get(1).jobs().get(0).read();
        assertTrue(rs.clat().percentile(99.0).isPresent(), "clat p99 present");
        assertEquals(0, results.get(1).jobs().get(0).write().ioBytes());
    }
}
