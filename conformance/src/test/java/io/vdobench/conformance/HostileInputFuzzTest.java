package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.conformance.fuzz.FragmentFuzzer;
import io.vdobench.conformance.fuzz.HostileRun;
import io.vdobench.conformance.fuzz.Mutation;
import io.vdobench.conformance.fuzz.PackedBlockFuzzer;
import io.vdobench.conformance.fuzz.Tally;
import io.vdobench.conformance.fuzz.Verdict;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.FragmentDecoder;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.FragmentLocation;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 §5, the mutation fuzzer: {@code vdobench.fuzz.cases} (default 100 000) hostile raw fragments
 * spread evenly over every decoder and every {@link Mutation}, plus {@code vdobench.fuzz.blockCases}
 * (default 20 000) damaged packed blocks through the pipeline's reader. Each case must end in a typed
 * error or exactly-the-claimed-length output with nothing written outside it; a case running longer than
 * {@code vdobench.fuzz.caseTimeoutMs} (default 10 000) fails the run. Seed: {@code vdobench.fuzz.seed}.
 * Tallies go to target/hostile.csv and, as rows, to target/conformance.csv.
 */
class HostileInputFuzzTest {
    static final long CASES = Long.getLong("vdobench.fuzz.cases", 100_000);
    static final long BLOCK_CASES = Long.getLong("vdobench.fuzz.blockCases", 20_000);
    static final long SEED = Long.getLong("vdobench.fuzz.seed", 0x4655_5A5AL);
    static final long CASE_TIMEOUT_MS = Long.getLong("vdobench.fuzz.caseTimeoutMs", 10_000);

    private static Codecs codecs;
    private static final List<ReportCsv.Row> ROWS = new ArrayList<>();
    private static final List<String[]> HOSTILE = new ArrayList<>();

    @BeforeAll
    static void load() {
        codecs = Codecs.load();
    }

    @AfterAll
    static void close() throws IOException {
        ReportCsv.writePart("90-hostile", ROWS);
        Path p = ReportCsv.targetDir().resolve("hostile.csv");
        Files.createDirectories(p.getParent());
        try (Writer w = Files.newBufferedWriter(p);
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("decoder", "mutation", "cases",
                     "typed_error", "decoded_same", "decoded_different", "violations", "max_case_us", "errors").get())) {
            for (String[] r : HOSTILE) {
                out.printRecord((Object[]) r);
            }
        }
        codecs.close();
    }

    static final String[] DECODERS = {"lz4:impl=ffm", "lz4:impl=jni", "lz4:impl=java", "zlib:impl=jdk,level=6",
        "zlib:impl=ffm,window=4k,level=6", "isal:level=1", "libdeflate:level=6",
        "qpl:path=software,huffman=fixed,level=default,verify=on"};
    static final String[] LZ4_PRODUCERS = {"lz4:impl=ffm", "lz4:impl=jni"};
    static final String[] DEFLATE_PRODUCERS = {"qpl:path=software,huffman=fixed,level=default,verify=on",
        "qpl:path=software,huffman=dynamic,level=high,verify=on", "zlib:impl=jdk,level=6", "isal:level=0",
        "libdeflate:level=12", "zlib:impl=ffm,window=4k,level=9"};

    private static byte[] compress(Codec c, byte[] data) {
        byte[] out = new byte[2 * data.length + 64];
        int n = c.compress(data, 0, data.length, out, 0, out.length);
        assertTrue(n > 0, c.id());
        return java.util.Arrays.copyOf(out, n);
    }

    static FragmentFuzzer.Seeds seeds() {
        List<FragmentFuzzer.Seed> lz4 = new ArrayList<>();
        List<FragmentFuzzer.Seed> deflate = new ArrayList<>();
        List<byte[]> lz4Big = new ArrayList<>();
        List<byte[]> deflateBig = new ArrayList<>();
        for (Corpus.Entry e : Corpus.of(4096)) {
            for (String id : LZ4_PRODUCERS) {
                lz4.add(new FragmentFuzzer.Seed(compress(codecs.require(id), e.data()), e.data()));
            }
            for (String id : DEFLATE_PRODUCERS) {
                deflate.add(new FragmentFuzzer.Seed(compress(codecs.require(id), e.data()), e.data()));
            }
        }
        for (int size : new int[] {8192, 16384, 65536}) {
            for (DataKind k : new DataKind[] {DataKind.FIO60, DataKind.TEXT, DataKind.ZEROS}) {
                byte[] d = Corpus.entry(size, k).data();
                lz4Big.add(compress(codecs.require("lz4:impl=ffm"), d));
                deflateBig.add(compress(codecs.require("qpl:path=software,huffman=fixed,level=default,verify=on"), d));
                deflateBig.add(compress(codecs.require("zlib:impl=jdk,level=6"), d));
            }
        }
        return new FragmentFuzzer.Seeds(lz4, deflate, lz4Big, deflateBig);
    }

    static FragmentDecoder blockDecoder() {
        return new FragmentDecoder(codecs.require("lz4:impl=ffm"),
                codecs.require("qpl:path=software,huffman=fixed,level=default,verify=on"),
                codecs.require("libdeflate:level=6"), codecs.require("zlib:impl=jdk,level=6"));
    }

    /** Packed-block seeds: the vector files, plus blocks assembled here from real codec output. */
    static List<PackedBlockFuzzer.BlockSeed> blockSeeds() {
        List<PackedBlockFuzzer.BlockSeed> out = new ArrayList<>();
        FragmentDecoder d = blockDecoder();
        for (String f : List.of("v1-two-fragments.bin", "v1-fourteen-fragments.bin", "v2-mixed-algorithms.bin")) {
            byte[] b = Vectors.bytes(f);
            out.add(new PackedBlockFuzzer.BlockSeed(f, b, decodeAll(b, d)));
        }
        // Tagged blocks of QPL + LZ4 + libdeflate fragments, and a 1.0 block of LZ4 fragments.
        String[][] layouts = {{"qpl:path=software,huffman=fixed,level=default,verify=on", "lz4:impl=ffm",
            "libdeflate:level=6", "qpl:path=software,huffman=dynamic,level=default,verify=on"},
            {"lz4:impl=jni", "lz4:impl=ffm", "lz4:impl=java"}};
        DataKind[] kinds = {DataKind.FIO90, DataKind.RUNS, DataKind.SINGLE_BYTE, DataKind.FIO90};
        for (String[] layout : layouts) {
            boolean allLz4 = layout[0].startsWith("lz4");
            CompressedBlockVersion v = allLz4 ? CompressedBlockVersion.V1_0 : CompressedBlockVersion.TAGGED_2_0;
            byte[] b = new byte[4096];
            new java.util.SplittableRandom(5).nextBytes(b); // stale bytes
            CompressedBlock.setVersion(b, 0, v);
            int off = 36;
            for (int s = 0; s < layout.length; s++) {
                Codec c = codecs.require(layout[s]);
                byte[] frag = compress(c, kinds[s % kinds.length].generate(4096, 40 + s));
                assertTrue(off + frag.length <= 4096, "seed block overflows: " + String.join("+", layout));
                System.arraycopy(frag, 0, b, off, frag.length);
                off += frag.length;
                CompressedBlock.setSlot(b, 0, v, s, frag.length, c.algorithm());
            }
            CompressedBlock.clearSlotsFrom(b, 0, layout.length);
            out.add(new PackedBlockFuzzer.BlockSeed(String.join("+", layout), b, decodeAll(b, d)));
        }
        return out;
    }

    private static byte[][] decodeAll(byte[] b, FragmentDecoder d) {
        byte[][] orig = new byte[14][];
        FragmentLocation loc = new FragmentLocation();
        for (int s = 0; s < 14; s++) {
            if (CompressedBlock.check(b, 0, s + 2, loc) == 0 && loc.size() > 0) {
                orig[s] = new byte[4096];
                d.decode(loc.algorithm(), b, loc.blockOffset(), loc.size(), orig[s], 0);
            }
        }
        return orig;
    }

    /** Runs {@code run} on a daemon thread, failing if one case exceeds the per-case timeout. */
    private static void runWithWatchdog(HostileRun run, long cases) throws Exception {
        Throwable[] crash = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                run.run(cases);
            } catch (Throwable e) {
                crash[0] = e;
            }
        }, "hostile-input-fuzzer");
        t.setDaemon(true); // a hung native call must not keep the test JVM alive
        t.start();
        while (t.isAlive()) {
            t.join(50);
            long ms = run.runningCaseMillis();
            if (ms > CASE_TIMEOUT_MS) {
                fail("hostile case exceeded " + CASE_TIMEOUT_MS + " ms: " + run.runningCase());
            }
        }
        if (crash[0] != null) {
            throw new AssertionError("fuzzer itself failed", crash[0]);
        }
        assertEquals(cases, run.casesDone());
    }

    private static List<String> record(HostileRun run) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Tally> e : run.tallies().entrySet()) {
            String[] k = e.getKey().split("\t");
            Tally t = e.getValue();
            boolean lengthLie = isLengthLie(k[1]);
            ROWS.add(new ReportCsv.Row("hostile", k[0], 4096, k[1].toLowerCase(java.util.Locale.ROOT),
                    lengthLie ? "fail" : "fail-or-exact-length",
                    t.count(Verdict.VIOLATION) == 0 ? "ok" : "violations:" + t.count(Verdict.VIOLATION), t.describe()));
            HOSTILE.add(new String[] {k[0], k[1], "" + t.cases(), "" + t.count(Verdict.TYPED_ERROR),
                "" + t.count(Verdict.DECODED_SAME), "" + t.count(Verdict.DECODED_DIFFERENT),
                "" + t.count(Verdict.VIOLATION), "" + t.maxCaseMicros(), t.describe().replaceAll(".* errors=", "")});
            violations.addAll(t.firstViolations());
            System.out.println("hostile " + k[0] + " " + k[1] + ": " + t.describe());
        }
        return violations;
    }

    private static boolean isLengthLie(String mutation) {
        for (Mutation m : Mutation.values()) {
            if (m.name().equals(mutation)) {
                return m.lengthLie();
            }
        }
        return false;
    }

    @Test
    void rawFragmentsForEveryDecoder() throws Exception {
        List<FragmentFuzzer.Target> targets = new ArrayList<>();
        for (String id : DECODERS) {
            Codec c = codecs.require(id);
            assertTrue(c.info().available(), id + ": " + c.info().reason());
            targets.add(new FragmentFuzzer.Target(id, c, c.algorithm() == CompressionAlgorithm.LZ4));
        }
        FragmentFuzzer f = new FragmentFuzzer(targets, seeds(), SEED);
        runWithWatchdog(f, CASES);
        List<String> violations = record(f);
        assertEquals(List.of(), violations);
        // Every decoder met every mutation, and the length lies were all refused with typed errors.
        assertEquals((long) DECODERS.length * Mutation.values().length, f.tallies().size());
        for (Map.Entry<String, Tally> e : f.tallies().entrySet()) {
            if (isLengthLie(e.getKey().split("\t")[1])) {
                assertEquals(e.getValue().cases(), e.getValue().count(Verdict.TYPED_ERROR), e.getKey());
            }
        }
    }

    @Test
    void packedBlocksThroughThePipelineReader() throws Exception {
        PackedBlockFuzzer f = new PackedBlockFuzzer(blockSeeds(), blockDecoder(), SEED);
        runWithWatchdog(f, BLOCK_CASES);
        assertEquals(List.of(), record(f));
        assertEquals(PackedBlockFuzzer.BlockMutation.values().length, f.tallies().size());
    }
}
