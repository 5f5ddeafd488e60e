package io.vdobench.ffm.cpu;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.testing.Prerequisites;
import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles native/bench/layout/cpu_layout.c against the installed ISA-L and zlib headers and checks
 * that every offset and size the Java layouts use matches C. Skipped (with the reason) only when no
 * C compiler or no headers are installed.
 */
class CpuStructLayoutTest {
    private static final Path SOURCE = Path.of("bench/layout/cpu_layout.c");
    private static final Path OUT_DIR = Path.of("target/cpu-layout");

    private static final Map<String, StructLayout> JAVA = Map.of(
            "isal_zstream", IsalLib.ISAL_ZSTREAM,
            "inflate_state", IsalLib.INFLATE_STATE,
            "z_stream", ZlibLib.Z_STREAM);

    private static final Map<String, Long> JAVA_CONSTANTS = Map.of(
            "ISAL_DEF_LVL1_DEFAULT", (long) IsalLib.ISAL_DEF_LVL1_DEFAULT,
            "ISAL_DEF_LVL3_DEFAULT", (long) IsalLib.ISAL_DEF_LVL3_DEFAULT,
            "ZSTATE_END", (long) IsalLib.ZSTATE_END,
            "ISAL_BLOCK_FINISH", (long) IsalLib.ISAL_BLOCK_FINISH,
            "IGZIP_DEFLATE", (long) IsalLib.IGZIP_DEFLATE,
            "ISAL_DEFLATE", (long) IsalLib.ISAL_DEFLATE,
            "NO_FLUSH", (long) IsalLib.NO_FLUSH);

    /** Every field the bindings read or write: the C program must report each one. */
    private static final Set<String> TOUCHED = Set.of(
            "isal_zstream.next_in", "isal_zstream.avail_in", "isal_zstream.next_out", "isal_zstream.avail_out",
            "isal_zstream.total_out", "isal_zstream.level", "isal_zstream.level_buf_size", "isal_zstream.level_buf",
            "isal_zstream.end_of_stream", "isal_zstream.flush", "isal_zstream.gzip_flag", "isal_zstream.hist_bits",
            "isal_zstream.internal_state.state", "isal_zstream.sizeof",
            "inflate_state.next_out", "inflate_state.avail_out", "inflate_state.total_out", "inflate_state.next_in",
            "inflate_state.avail_in", "inflate_state.read_in_length", "inflate_state.block_state",
            "inflate_state.crc_flag", "inflate_state.hist_bits", "inflate_state.sizeof",
            "z_stream.next_in", "z_stream.avail_in", "z_stream.next_out", "z_stream.avail_out", "z_stream.msg",
            "z_stream.zalloc", "z_stream.zfree", "z_stream.opaque", "z_stream.sizeof");

    private static List<String> lines;

    @BeforeAll
    static void compileAndRun() throws Exception {
        assertTrue(Files.isRegularFile(SOURCE), "layout source not found at " + SOURCE.toAbsolutePath());
        String cc = Prerequisites.debianTool("gcc", "cc", "gcc", "clang").toString();
        for (String[] header : new String[][] {{"isa-l/igzip_lib.h", "libisal-dev"}, {"zlib.h", "zlib1g-dev"}}) {
            Prerequisites.debianTool(header[1], "/usr/include/" + header[0]);
            Result r = run(List.of(cc, "-E", "-x", "c", "-"), "#include <" + header[0] + ">\n");
            assertEquals(0, r.code, header[0] + " is installed but does not preprocess: " + r.output.strip());
        }
        Files.createDirectories(OUT_DIR);
        Path exe = OUT_DIR.resolve("cpu_layout");
        Result build = run(List.of(cc, "-O0", "-o", exe.toString(), SOURCE.toString()), null);
        assertEquals(0, build.code, "compiling " + SOURCE + " failed:\n" + build.output);
        Result out = run(List.of(exe.toAbsolutePath().toString()), null);
        assertEquals(0, out.code, out.output);
        lines = out.output.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void everyFieldTheBindingsTouchMatchesC() {
        Set<String> seen = new TreeSet<>();
        List<String> mismatches = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("const")) {
                continue;
            }
            String struct = f[0];
            String field = f[1];
            long cOffset = Long.parseLong(f[2]);
            long cSize = Long.parseLong(f[3]);
            StructLayout layout = JAVA.get(struct);
            assertTrue(layout != null, "no Java layout for " + struct);
            long jOffset;
            long jSize;
            if (field.equals("sizeof")) {
                jOffset = layout.byteSize();
                jSize = layout.byteSize();
            } else {
                MemoryLayout.PathElement[] path = java.util.Arrays.stream(field.split("\\."))
                        .map(n -> groupElement(n)).toArray(MemoryLayout.PathElement[]::new);
                jOffset = layout.byteOffset(path);
                jSize = layout.select(path).byteSize();
            }
            if (jOffset != cOffset || jSize != cSize) {
                mismatches.add(struct + "." + field + ": C offset " + cOffset + " size " + cSize
                        + ", Java offset " + jOffset + " size " + jSize);
            }
            seen.add(struct + "." + field);
        }
        assertEquals(List.of(), mismatches, "Java layouts disagree with the C headers");
        Set<String> missing = new TreeSet<>(TOUCHED);
        missing.removeAll(seen);
        assertEquals(Set.of(), missing, "fields used by the bindings but not checked by cpu_layout.c");
    }

    @Test
    void headerConstantsMatchC() {
        int checked = 0;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("const")) {
                Long java = JAVA_CONSTANTS.get(f[1]);
                assertTrue(java != null, "no Java constant for " + f[1]);
                assertEquals(Long.parseLong(f[2]), java, f[1]);
                checked++;
            }
        }
        assertEquals(JAVA_CONSTANTS.size(), checked);
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }
}
