package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fio-collect on recorded order.csv and fio JSON: one local host, and broken lines named with nothing written. */
class FioCollectCommandTest {
    @TempDir
    Path dir;

    private static final String HEADER = "seq,case,pair,position,policy,switch,file,started_utc\n";

    private static String json(String job, long bw) {
        return "{\"fio version\":\"fio-3.33\",\"global options\":{\"rw\":\"randwrite\",\"bs\":\"4k\"},\"jobs\":[{\"jobname\":\""
                + job + "\",\"groupid\":0,\"job options\":{\"rw\":\"randwrite\",\"bs\":\"4k\",\"numjobs\":\"1\"},"
                + "\"write\":{\"io_bytes\":4096,\"bw_bytes\":" + bw + ",\"iops\":10,\"runtime\":1}}]}";
    }

    private record Result(int exit, String out, String err) {
    }

    private Result collect(Path results, Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int exit = cl.execute("fio-collect", results.toString(), "-o", out.toString());
        return new Result(exit, o.toString(), e.toString());
    }

    @Test
    void oneHostWithoutClientServerIsLocalWithEveryRunAndItsPosition() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(results.resolve("lz4"));
        Files.createDirectories(results.resolve("iaa"));
        Files.writeString(results.resolve("lz4/randwrite-4k-1j.r1.json"), json("randwrite-4k-1j", 100_000_000));
        Files.writeString(results.resolve("iaa/randwrite-4k-1j.r1.json"), json("randwrite-4k-1j", 110_000_000));
        Files.writeString(results.resolve("order.csv"), HEADER
                + "1,randwrite-4k-1j,1,1,lz4,0,lz4/randwrite-4k-1j.r1.json,2026-12-03T10:00:00Z\n"
                + "2,randwrite-4k-1j,1,2,iaa,1,iaa/randwrite-4k-1j.r1.json,2026-12-03T10:01:30Z\n");
        Path out = dir.resolve("run");
        Result r = collect(dir, out);
        assertEquals(0, r.exit(), r.err());
        assertEquals(java.util.List.of(
                "host,pattern,block_size,jobs,case,policy,pair,position,seq,switch,mb_per_s,ops_per_s,p50_us,p99_us,started_utc",
                "local,randwrite,4096,1,randwrite-4k-1j,lz4,1,1,1,0,100.000000,10.000,,,2026-12-03T10:00:00Z",
                "local,randwrite,4096,1,randwrite-4k-1j,iaa,1,2,2,1,110.000000,10.000,,,2026-12-03T10:01:30Z"),
                Files.readAllLines(out.resolve("local/repeats.csv")));
        assertTrue(Files.readString(out.resolve("local/summary.txt")).contains("+10.00 %"),
                Files.readString(out.resolve("local/summary.txt")));
        assertTrue(Files.readString(out.resolve("local/environment.properties")).contains("fio.vdostats=not here"));
    }

    @Test
    void aBrokenLineIsNamedAndNothingIsWritten() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("order.csv"), HEADER + "1,randwrite-4k-1j,1,1,lz4,0,lz4/missing.json,x\n");
        Result r = collect(results, dir.resolve("run"));
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("order.csv line 2") && r.err().contains("missing.json"), r.err());
        assertFalse(Files.exists(dir.resolve("run")));
        Files.writeString(results.resolve("order.csv"), HEADER + "1,sideways-4k-1j,1,1,lz4,0,lz4/x.json,x\n");
        Result u = collect(results, dir.resolve("run"));
        assertEquals(2, u.exit());
        assertTrue(u.err().contains("sideways-4k-1j"), u.err());
    }
}
