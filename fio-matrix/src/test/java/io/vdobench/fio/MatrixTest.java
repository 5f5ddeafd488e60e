package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixTest {
    @Test
    void builtInMatrixIsThePatchs72Cases() {
        Matrix m = Matrix.load();
        assertEquals(72, m.cases().size());
        Set<String> seen = new HashSet<>();
        for (IoPattern p : IoPattern.values()) {
            for (int bs : new int[] {4096, 8192, 16384, 32768, 65536, 131072}) {
                for (int j : new int[] {1, 8, 16}) {
                    MatrixCase c = m.find(p, bs, j);
                    assertTrue(c != null, p + " " + bs + " " + j);
                    assertEquals(MatrixCase.of(p, bs, j).id(), c.id());
                    seen.add(c.id());
                }
            }
        }
        assertEquals(72, seen.size());
        assertEquals("1", m.global().get("direct"));
        assertEquals("1", m.global().get("time_based"));
        assertEquals("30", m.global().get("ramp_time"));
        assertEquals("60", m.global().get("runtime"));
        assertEquals("60", m.global().get("buffer_compress_percentage"));
    }

    @Test
    void dataOptionsAreWhatTheCasesWrite() {
        Matrix m = Matrix.load();
        assertEquals(java.util.Map.of("buffer_compress_percentage", "60", "buffer_compress_chunk", "512",
                "refill_buffers", "1"), m.dataOptions());
        assertEquals(java.util.List.of("--buffer_compress_percentage=60", "--buffer_compress_chunk=512",
                "--refill_buffers=1"), m.dataArguments());
    }

    @Test
    void profiles() {
        Matrix m = Matrix.load();
        MatrixProfile full = m.profile("full");
        assertEquals(30, full.rampSeconds());
        assertEquals(60, full.runSeconds());
        assertEquals(72, m.cases("full").size());
        MatrixProfile quick = m.profile("quick");
        assertEquals(72, m.cases("quick").size());
        assertTrue(quick.rampSeconds() + quick.runSeconds() < full.rampSeconds() + full.runSeconds());
        List<MatrixCase> smoke = m.cases("smoke");
        assertTrue(smoke.size() >= 4 && smoke.size() <= 8, "smoke has " + smoke.size());
        assertEquals(Set.of(IoPattern.values()), Set.copyOf(smoke.stream().map(MatrixCase::pattern).toList()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.profile("nope"));
        assertTrue(e.getMessage().contains("quick"), e.getMessage());
    }

    @Test
    void selectFiltersByPatternSizeAndJobs() {
        Matrix m = Matrix.load();
        assertEquals(18, m.select("full", List.of(IoPattern.RANDREAD), null, null).size());
        assertEquals(2, m.select("full", List.of(IoPattern.WRITE, IoPattern.READ), List.of(65536), List.of(16)).size());
        assertEquals(72, m.select("full", List.of(), List.of(), List.of()).size());
    }

    @Test
    void labelsAndSizes() {
        assertEquals("sequential write 64K 16 jobs", MatrixCase.of(IoPattern.WRITE, 65536, 16).label());
        assertEquals("random read 4K 1 job", MatrixCase.of(IoPattern.RANDREAD, 4096, 1).label());
        // The report's order: the patch's I/O types first to last, then block size, then jobs.
        List<MatrixCase> sorted = new java.util.ArrayList<>(List.of(MatrixCase.of(IoPattern.RANDREAD, 4096, 1),
                MatrixCase.of(IoPattern.READ, 65536, 1), MatrixCase.of(IoPattern.WRITE, 8192, 1),
                MatrixCase.of(IoPattern.RANDWRITE, 4096, 1), MatrixCase.of(IoPattern.WRITE, 4096, 8),
                MatrixCase.of(IoPattern.WRITE, 4096, 1)));
        java.util.Collections.sort(sorted);
        assertEquals(List.of("write-4k-1j", "write-4k-8j", "write-8k-1j", "read-64k-1j", "randwrite-4k-1j",
                "randread-4k-1j"), sorted.stream().map(MatrixCase::id).toList());
        assertEquals("random write", IoPattern.labelOf("randwrite"));
        assertEquals("all", IoPattern.labelOf("all"), "a summary's all-cases row keeps its name");
        assertTrue(MatrixCase.of(IoPattern.READ, 4096, 8).sameParameters(new MatrixCase("r4", IoPattern.READ, 4096, 8)));
        assertEquals(131072, MatrixCase.parseSize("128k"));
        assertEquals(131072, MatrixCase.parseSize("128KiB"));
        assertEquals(1L << 30, MatrixCase.parseSize("1g"));
        assertEquals(512, MatrixCase.parseSize("512"));
        assertEquals(64 << 10, MatrixCase.parseSize("64K"));
        assertEquals(256L << 20, MatrixCase.parseSize("256MiB"));
        assertEquals(4096, MatrixCase.parseSize("4kb"));
        assertEquals(2L << 40, MatrixCase.parseSize("2T"));
        assertSizeError("12q", "not a size: '12q'");
        assertSizeError("lots", "not a size: 'lots'");
        assertSizeError("KiB", "not a size: 'KiB'");
        assertSizeError("ib", "not a size: 'ib'");
        assertSizeError(" ", "empty size");
        assertSizeError("-1", "'-1' is negative");
        assertSizeError("99999999999T", "size out of range: '99999999999T'");
        assertSizeError("99999999999999999999", "not a size");
        assertThrows(IllegalArgumentException.class, () -> MatrixCase.of(IoPattern.WRITE, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> IoPattern.ofFio("randrw"));
        assertEquals(List.of(0, 1, 2, 3, 4), List.of(IoPattern.order("write"), IoPattern.order("read"),
                IoPattern.order("randwrite"), IoPattern.order("randread"), IoPattern.order("all")));
    }

    @Test
    void malformedFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        String ok = "{\"global\":{},\"cases\":[{\"id\":\"a\",\"rw\":\"write\",\"bs\":\"4k\",\"numjobs\":1}],"
                + "\"profiles\":{\"p\":{\"ramp_time\":1,\"runtime\":2,\"cases\":\"all\"}}}";
        Path f = dir.resolve("m.json");
        Files.writeString(f, ok);
        assertEquals(1, Matrix.load(f).cases("p").size());
        assertError(f, ok.replace("\"cases\":\"all\"", "\"cases\":[\"zzz\"]"), "unknown case zzz");
        assertError(f, ok.replace("[{\"id\":\"a\",\"rw\":\"write\",\"bs\":\"4k\",\"numjobs\":1}]",
                "[{\"id\":\"a\",\"rw\":\"write\",\"bs\":\"4k\",\"numjobs\":1},{\"id\":\"a\",\"rw\":\"read\",\"bs\":\"4k\",\"numjobs\":1}]"),
                "duplicate case id a");
        assertError(f, ok.replace(",\"numjobs\":1", ""), "lacks 'numjobs'");
        assertError(f, ok.replace("\"bs\":\"4k\"", "\"bs\":\"4x\""), "not a size");
        assertError(f, ok.replace("\"runtime\":2", "\"runtime\":0"), "runtime");
        assertError(f, "{not json", "not valid JSON");
    }

    private static void assertSizeError(String size, String expect) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixCase.parseSize(size));
        assertTrue(e.getMessage().contains(expect), e.getMessage());
    }

    private static void assertError(Path f, String json, String expect) throws Exception {
        Files.writeString(f, json);
        MatrixFormatException e = assertThrows(MatrixFormatException.class, () -> Matrix.load(f));
        assertTrue(e.getMessage().contains(expect), e.getMessage());
    }
}
