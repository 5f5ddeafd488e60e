package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.report.model.ConformanceRow;
import io.vdobench.report.model.ConformanceRow.Section;
import io.vdobench.report.model.ConformanceRow.Verdict;
import io.vdobench.report.model.HostileTally;
import io.vdobench.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers follow the conformance suite's own format. The fixture is an excerpt of the suite's real
 * output (src/test/resources/report/synthetic-run/{conformance,hostile}.csv, labelled in its first lines).
 */
class ConformanceCsvTest {
    static final Path FIXTURE = Path.of("src/test/resources/report/synthetic-run");
    /** Where the suite writes, when it ran in this reactor before reports (conformance is upstream of reports). */
    static final Path SUITE = Path.of("../conformance/target");

    @TempDir
    Path tmp;

    static ConformanceRow find(List<ConformanceRow> rows, String producer, String consumer, int size, String kind) {
        return rows.stream().filter(r -> r.producer().equals(producer) && r.consumer().equals(consumer)
                && r.blockSize() == size && r.dataKind().equals(kind)).findFirst().orElseThrow(
                        () -> new AssertionError("no row " + producer + " → " + consumer + " " + size + " " + kind));
    }

    @Test
    void readsTheSuitesConformanceExcerpt() {
        List<ConformanceRow> rows = ConformanceCsv.read(FIXTURE.resolve("conformance.csv"));
        for (Section s : Section.values()) {
            assertTrue(rows.stream().anyMatch(r -> r.section() == s), "the excerpt has " + s + " rows");
        }
        // A 32 KiB-window stream at 8 KiB: libqpl's software path must reject it, and does, with its QPL status.
        ConformanceRow qpl = find(rows, "zlib:impl=jdk,level=6", "qpl-software-decompress", 8192, "text");
        assertEquals("fail", qpl.expected());
        assertEquals("QplCorruptFragmentException", qpl.failureType());
        assertEquals("QPL_STS_BAD_DIST_ERR", qpl.qplStatus());
        assertEquals(Verdict.AS_EXPECTED, qpl.verdict());
        // No IAA device on the host that wrote the excerpt: host skips are grey, not failures.
        ConformanceRow hw = find(rows, "zlib:impl=jdk,level=6", "qpl-hardware-decompress", 8192, "fio60");
        assertEquals("unavailable", hw.skipReason());
        assertEquals(Verdict.SKIPPED, hw.verdict());
        assertEquals(Verdict.SKIPPED, find(rows, "qpl:path=hardware,huffman=fixed,level=default,verify=on",
                "jdk-inflater", 4096, "text").verdict());
        ConformanceRow lz4 = find(rows, "lz4:impl=ffm", "lz4:impl=java", 65536, "text");
        assertEquals(Section.LZ4_CROSS_LIBRARY, lz4.section());
        assertEquals(Verdict.AS_EXPECTED, lz4.verdict());
        // max-distance: a 32 KiB-window producer beyond 4 KiB is a measurement (expected unknown), not a verdict.
        ConformanceRow far = find(rows, "zlib:impl=jdk,level=6", "max-distance", 65536, "text");
        assertEquals("exceeds-4k", far.outcome());
        assertEquals(Verdict.INFO, far.verdict());
        assertEquals(Verdict.AS_EXPECTED, find(rows, "zlib:impl=ffm,window=4k,level=6", "max-distance", 131072,
                "text").verdict());
        assertTrue(rows.stream().filter(r -> r.section() == Section.HOSTILE)
                .allMatch(r -> r.outcome().equals("ok") && r.violations() == 0));
        assertEquals(0, rows.stream().filter(r -> r.verdict() == Verdict.NOT_AS_EXPECTED).count(),
                "the suite passed when it wrote the excerpt");
    }

    @Test
    void readsTheSuitesHostileExcerpt() {
        List<HostileTally> rows = HostileCsv.read(FIXTURE.resolve("hostile.csv"));
        assertTrue(rows.size() > 50, "rows: " + rows.size());
        HostileTally block = rows.stream().filter(t -> t.decoder().equals("packed-block-reader")
                && t.mutation().equals("HEADER_NOISE")).findFirst().orElseThrow();
        assertEquals(block.cases(), block.typedError() + block.decodedSame() + block.decodedDifferent() + block.violations());
        assertTrue(block.maxCaseMicros() >= 0);
        assertEquals(block.typedError(), block.errorTypes().values().stream().mapToLong(Long::longValue).sum(),
                "the suite's error-type map counts the typed errors: " + block.errorTypes());
        assertTrue(rows.stream().anyMatch(t -> t.decodedDifferent() > 0), "undetectable damage occurs in the excerpt");
        assertTrue(rows.stream().allMatch(HostileTally::clean));
    }

    /** A contract check against the suite's current output, when the suite ran in this checkout. */
    @Test
    void readsTheSuitesLatestOutputWhenPresent() {
        Prerequisites.require(Files.isRegularFile(SUITE.resolve("conformance.csv")) && Files.isRegularFile(SUITE.resolve("hostile.csv")),
                "conformance/target has no report files (the suite did not run in this checkout)");
        assertTrue(ConformanceCsv.read(SUITE.resolve("conformance.csv")).size() > 0);
        assertTrue(HostileCsv.read(SUITE.resolve("hostile.csv")).size() > 0);
    }

    @Test
    void unknownSpellingsAreErrorsNotGreyCells() throws Exception {
        Path f = tmp.resolve("conformance.csv");
        Files.writeString(f, "producer,consumer,block_size,data_kind,expected,outcome,detail\na,b,4096,zeros,decode,decode,\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> ConformanceCsv.read(f));
        assertTrue(e.getMessage().contains("'outcome'") && e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(f, "producer,consumer,block_size,expected,outcome\na,b,4096,maybe,decoded\n");
        e = assertThrows(ReportInputException.class, () -> ConformanceCsv.read(f));
        assertTrue(e.getMessage().contains("'expected'"), e.getMessage());
        Files.writeString(f, "producer,consumer,block_size,expected,outcome\na,max-distance,4096,unknown,decoded\n");
        assertThrows(ReportInputException.class, () -> ConformanceCsv.read(f), "max-distance rows say within-4k/exceeds-4k");
    }

    @Test
    void verdicts() {
        ConformanceRow base = new ConformanceRow("zlib", "qpl-software-decompress", 8192, "text", "fail", "decoded", "");
        assertEquals(Verdict.NOT_AS_EXPECTED, base.verdict(), "decoded where a rejection was expected");
        assertEquals(Verdict.NOT_AS_EXPECTED, new ConformanceRow("a", "b", 4096, "text", "decode", "failed:X", "").verdict());
        assertEquals(Verdict.NOT_AS_EXPECTED, new ConformanceRow("a", "b", 4096, "text", "decode", "wrong-data", "").verdict());
        assertEquals(Verdict.AS_EXPECTED, new ConformanceRow("a", "b", 4096, "text", "fail", "failed:X", "").verdict());
        // the suite counts these skips as violations: the producer itself misbehaved
        assertEquals(Verdict.NOT_AS_EXPECTED, new ConformanceRow("a", "b", 4096, "text", "decode", "skipped:invalid-stream", "").verdict());
        assertEquals(Verdict.NOT_AS_EXPECTED, new ConformanceRow("a", "b", 4096, "text", "decode", "skipped:does-not-fit", "").verdict());
        assertEquals(Verdict.NOT_AS_EXPECTED, new ConformanceRow("a", "max-distance", 4096, "text", "decode", "exceeds-4k", "").verdict());
        ConformanceRow v = new ConformanceRow("hostile", "isal:level=1", 4096, "bit_flip", "fail-or-exact-length", "violations:3", "");
        assertEquals(3, v.violations());
        assertEquals(Verdict.NOT_AS_EXPECTED, v.verdict());
    }

    @Test
    void roundTrips() {
        Path c = tmp.resolve("conformance.csv");
        List<ConformanceRow> rows = List.of(
                new ConformanceRow("zlib:impl=jdk,level=6", "qpl-software-decompress", 32768, "fio60", "fail",
                        "failed:QplCorruptFragmentException/QPL_STS_BAD_DIST_ERR", "len=1, maxdist=9000; rule: x"),
                new ConformanceRow("lz4:impl=ffm", "lz4:impl=jni", 4096, "zeros", "decode", "decoded", ""));
        ConformanceCsv.write(c, rows);
        assertEquals(rows, ConformanceCsv.read(c));
        Path h = tmp.resolve("hostile.csv");
        List<HostileTally> tallies = List.of(new HostileTally("lz4:impl=jni", "TRUNCATE", 100, 97, 1, 2, 0, 812,
                Map.of("CorruptFragmentException", 97L)), new HostileTally("x", "EMPTY", 1, 1, 0, 0, 0, -1, Map.of()));
        HostileCsv.write(h, tallies);
        assertEquals(tallies, HostileCsv.read(h));
    }

    @Test
    void hostileTallyMustAddUpAndErrorsMustParse() throws Exception {
        Path f = tmp.resolve("hostile.csv");
        String header = "decoder,mutation,cases,typed_error,decoded_same,decoded_different,violations,max_case_us,errors\n";
        Files.writeString(f, header + "lz4,BIT_FLIP,10,8,1,0,0,5,{}\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> HostileCsv.read(f));
        assertTrue(e.getMessage().contains("'cases'"), e.getMessage());
        Files.writeString(f, header + "lz4,BIT_FLIP,10,9,1,0,0,5,\"{A=x}\"\n");
        e = assertThrows(ReportInputException.class, () -> HostileCsv.read(f));
        assertTrue(e.getMessage().contains("'errors'"), e.getMessage());
        Files.writeString(f, "consumer,mutation,cases,rejected,errors\nlz4,bitflip,10,10,0\n");
        assertThrows(MissingColumnException.class, () -> HostileCsv.read(f), "the old synthetic layout is not the suite's");
    }

    @Test
    void errorMapKeepsSlashedTypes() {
        assertEquals(Map.of("INVALID_FRAGMENT/rule1", 305L, "VdoException/INVALID_FRAGMENT", 321L),
                HostileCsv.parseErrorMap("{INVALID_FRAGMENT/rule1=305, VdoException/INVALID_FRAGMENT=321}"));
    }
}
