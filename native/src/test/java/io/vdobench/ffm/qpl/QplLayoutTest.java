package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code native/src/main/c/qpl_layout.c} against the provisioned libqpl headers, runs it, and
 * compares every {@code qpl_job} offset/size and constant with the Java side. A libqpl upgrade that
 * moves a field fails here instead of corrupting memory. Skipped (with the reason) only when gcc or
 * the headers are missing.
 */
class QplLayoutTest {
    @TempDir
    static Path tmp;

    private static final Map<String, long[]> FIELDS = new HashMap<>();
    private static final Map<String, Long> SIZES = new HashMap<>();
    private static final Map<String, Long> CONSTS = new HashMap<>();

    @BeforeAll
    static void runLayoutPrinter() throws IOException, InterruptedException {
        Path nativeDir = moduleDir();
        Path source = nativeDir.resolve("src/main/c/qpl_layout.c");
        assertTrue(Files.isRegularFile(source), "missing " + source);
        Path include = findHeaders(nativeDir);
        Prerequisites.require(include != null,
                "libqpl headers not found (native/target/include or /usr/include): run native/provision.sh");
        String gcc = Prerequisites.debianTool("gcc", "gcc").toString();

        Path exe = tmp.resolve("qpl_layout");
        run(List.of(gcc, "-Wall", "-I" + include, "-o", exe.toString(), source.toString()));
        String out = run(List.of(exe.toString()));
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            switch (f[0]) {
                case "field" -> FIELDS.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                case "sizeof" -> SIZES.put(f[1], Long.parseLong(f[2]));
                case "const" -> CONSTS.put(f[1], Long.parseLong(f[2]));
                default -> { }
            }
        }
        assertTrue(FIELDS.size() > 10 && CONSTS.size() > 100, "layout printer output looks wrong:\n" + out);
    }

    @Test
    void jobStructSizeMatches() {
        assertEquals(SIZES.get("qpl_job"), QplJobLayout.JOB.byteSize(), "sizeof(qpl_job)");
        assertEquals(4L, SIZES.get("qpl_status"), "qpl_status is read as a C int");
        assertEquals(4L, SIZES.get("qpl_path_t"), "qpl_path_t is passed as a C int");
    }

    @Test
    void everyTouchedFieldIsWhereCPutsIt() {
        for (String name : QplJobLayout.TOUCHED_FIELDS) {
            long[] c = FIELDS.get(name);
            assertNotNull(c, "qpl_layout.c does not print " + name);
            assertEquals(c[0], QplJobLayout.offset(name), "offsetof(qpl_job, " + name + ")");
            assertEquals(c[1], QplJobLayout.size(name), "sizeof(qpl_job." + name + ")");
        }
    }

    @Test
    void everyPrintedFieldMatchesTheJavaLayout() {
        for (Map.Entry<String, long[]> e : FIELDS.entrySet()) {
            assertEquals(e.getValue()[0], QplJobLayout.offset(e.getKey()), "offsetof(qpl_job, " + e.getKey() + ")");
            assertEquals(e.getValue()[1], QplJobLayout.size(e.getKey()), "sizeof(qpl_job." + e.getKey() + ")");
        }
    }

    @Test
    void constantsMatchTheHeader() {
        Map<String, Integer> java = Map.ofEntries(
                Map.entry("qpl_path_auto", QplJobLayout.QPL_PATH_AUTO),
                Map.entry("qpl_path_hardware", QplJobLayout.QPL_PATH_HARDWARE),
                Map.entry("qpl_path_software", QplJobLayout.QPL_PATH_SOFTWARE),
                Map.entry("qpl_op_decompress", QplJobLayout.QPL_OP_DECOMPRESS),
                Map.entry("qpl_op_compress", QplJobLayout.QPL_OP_COMPRESS),
                Map.entry("qpl_default_level", QplJobLayout.QPL_DEFAULT_LEVEL),
                Map.entry("qpl_high_level", QplJobLayout.QPL_HIGH_LEVEL),
                Map.entry("qpl_compression_mode", QplJobLayout.QPL_COMPRESSION_MODE),
                Map.entry("qpl_mblk_size_none", QplJobLayout.QPL_MBLK_SIZE_NONE),
                Map.entry("qpl_stop_and_check_for_bfinal_eob", QplJobLayout.QPL_STOP_AND_CHECK_FOR_BFINAL_EOB),
                Map.entry("QPL_FLAG_FIRST", QplJobLayout.QPL_FLAG_FIRST),
                Map.entry("QPL_FLAG_LAST", QplJobLayout.QPL_FLAG_LAST),
                Map.entry("QPL_FLAG_GZIP_MODE", QplJobLayout.QPL_FLAG_GZIP_MODE),
                Map.entry("QPL_FLAG_ZLIB_MODE", QplJobLayout.QPL_FLAG_ZLIB_MODE),
                Map.entry("QPL_FLAG_NO_HDRS", QplJobLayout.QPL_FLAG_NO_HDRS),
                Map.entry("QPL_FLAG_CANNED_MODE", QplJobLayout.QPL_FLAG_CANNED_MODE),
                Map.entry("QPL_FLAG_DYNAMIC_HUFFMAN", QplJobLayout.QPL_FLAG_DYNAMIC_HUFFMAN),
                Map.entry("QPL_FLAG_OMIT_VERIFY", QplJobLayout.QPL_FLAG_OMIT_VERIFY));
        for (Map.Entry<String, Integer> e : java.entrySet()) {
            assertEquals(CONSTS.get(e.getKey()), (long) e.getValue(), e.getKey());
        }
    }

    @Test
    void everyStatusCodeMatchesTheHeader() {
        int checked = 0;
        for (Map.Entry<String, Long> e : CONSTS.entrySet()) {
            if (e.getKey().startsWith("QPL_STS_")) {
                QplStatus s = QplStatus.valueOf(e.getKey());
                assertEquals(e.getValue(), (long) s.code(), e.getKey());
                checked++;
            }
        }
        // Every enum constant but the deprecated QPL_STS_BUFFER_TOO_LARGE_ERR is printed by qpl_layout.c.
        assertEquals(QplStatus.values().length - 1, checked, "qpl_layout.c and QplStatus list different statuses");
    }

    private static Path moduleDir() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("src/main/c")) ? p : p.resolve("native");
    }

    private static Path findHeaders(Path nativeDir) {
        for (Path candidate : List.of(nativeDir.resolve("target/include"), Path.of("/usr/include"), Path.of("/usr/local/include"))) {
            if (Files.isRegularFile(candidate.resolve("qpl/c_api/job.h"))) {
                return candidate;
            }
        }
        return null;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
