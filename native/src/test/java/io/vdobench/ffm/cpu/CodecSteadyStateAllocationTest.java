package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import io.vdobench.testing.Prerequisites;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FFM codecs allocate nothing per call on stable buffers: after a warm-up, thousands of 4 KiB
 * compress and decompress calls on the same arrays (at the offsets the VDO pipeline uses: data at 0,
 * fragment at 36 of its block) allocate less than 8 KiB in total (slack for JIT and class-loading
 * noise, about one byte per call).
 */
class CodecSteadyStateAllocationTest {
    private static final int HEADER = 36; // VdoConstants.COMPRESSED_HEADER_SIZE
    private static final int CALLS = 4000;

    @BeforeAll
    static void needsThreadAllocationCounter() {
        Prerequisites.require(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count per-thread allocation");
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** {@code rounds} compress+decompress pairs over 4 stable source blocks; returns a checksum. */
    private static int rounds(Codec c, byte[][] src, byte[] block, byte[] out, int rounds) {
        int sum = 0;
        for (int r = 0; r < rounds; r++) {
            byte[] s = src[r & 3];
            int n = c.compress(s, 0, 4096, block, HEADER, 4096 - HEADER);
            if (n > 0) {
                c.decompress(block, HEADER, n, out, 0, 4096);
                sum += out[r & 4095];
            }
        }
        return sum;
    }

    private static void assertNoSteadyStateAllocation(Codec c) {
        CpuCodecs.assumeAvailable(c);
        long bytes = measure(c);
        System.out.printf("# %s: %d bytes allocated by %d compress+decompress pairs on stable buffers%n", c.id(), bytes, CALLS);
        assertTrue(bytes < 8 * 1024, c.id() + ": " + bytes + " bytes allocated by " + CALLS
                + " compress+decompress pairs on stable buffers");
    }

    /** Bytes this thread allocates for {@link #CALLS} pairs after a warm-up (also run by {@link NoEscapeAnalysisProbe}). */
    static long measure(Codec c) {
        byte[][] src = new byte[4][];
        DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.TEXT, DataKind.RANDOM};
        for (int i = 0; i < 4; i++) {
            src[i] = kinds[i].generate(4096, 11 + i);
        }
        byte[] block = new byte[4096];
        byte[] out = new byte[4096];
        int n = c.compress(src[0], 0, 4096, block, HEADER, 4096 - HEADER);
        c.decompress(block, HEADER, n, out, 0, 4096);
        assertArrayEquals(src[0], out, c.id() + " round trip");
        rounds(c, src, block, out, 2 * CALLS); // warm-up: JIT, pooled state, views
        long before = allocated();
        int sum = rounds(c, src, block, out, CALLS);
        long bytes = allocated() - before;
        if (sum == Integer.MIN_VALUE) {
            System.out.println(); // keeps the checksum (and so the decompressed bytes) observable
        }
        return bytes;
    }

    @Test
    void lz4FfmAllocatesNothingOnStableBuffers() {
        try (Codec c = new Lz4FfmCodec()) {
            assertNoSteadyStateAllocation(c);
        }
    }

    /**
     * The same loop in a child JVM with {@code -XX:-DoEscapeAnalysis}: zero allocation must not depend
     * on C2 scalar-replacing per-call segments (it does so in a tight loop like this one once
     * everything is inlined, but not in the deeper VDO pipeline, where they cost 144-224 B per block).
     */
    @Test
    void allocatesNothingEvenWithoutEscapeAnalysis() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-DoEscapeAnalysis", "--enable-native-access=ALL-UNNAMED"));
        String nativeDir = System.getProperty("vdobench.native.dir");
        if (nativeDir != null) {
            cmd.add("-Dvdobench.native.dir=" + nativeDir);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NoEscapeAnalysisProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.print(text.lines().filter(l -> l.startsWith("#")).map(l -> l + System.lineSeparator())
                .reduce("", String::concat));
        assertTrue(p.exitValue() == 0, "probe failed:\n" + text);
        List<String> results = text.lines().filter(l -> l.startsWith("# ")).toList();
        assertTrue(!results.isEmpty(), "probe printed no result:\n" + text);
        Prerequisites.require(results.stream().anyMatch(l -> l.endsWith(" bytes")), "no FFM codec available:\n" + text);
        for (String line : results) {
            if (line.endsWith(" bytes")) {
                String[] f = line.split(" ");
                long bytes = Long.parseLong(f[f.length - 2]);
                assertTrue(bytes < 8 * 1024, "without escape analysis: " + line);
            }
        }
    }

    @Test
    void libdeflateAllocatesNothingOnStableBuffers() {
        try (Codec c = new LibdeflateCodec(6)) {
            assertNoSteadyStateAllocation(c);
        }
    }
}
