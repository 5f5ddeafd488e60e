package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.jmh.JmhJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FfmVsCTest {
    @Test
    void peersAreTheSameWork() {
        assertEquals(Optional.of("lz4/default"), FfmVsC.cPeer("lz4:impl=ffm"));
        assertEquals(Optional.of("isal/1"), FfmVsC.cPeer("isal:level=1"));
        assertEquals(Optional.of("libdeflate/12"), FfmVsC.cPeer("libdeflate:level=12"));
        assertEquals(Optional.of("zlib4k/6"), FfmVsC.cPeer("zlib:impl=ffm,window=4k,level=6"));
        assertEquals(Optional.of("qpl-sw/dynamic"), FfmVsC.cPeer("qpl:path=software,huffman=dynamic,level=default,verify=on"));
        // cbench's QPL re-inits per block and verifies: other variants do different work.
        assertTrue(FfmVsC.cPeer("qpl:path=software,huffman=fixed,level=high,verify=on").isEmpty());
        assertTrue(FfmVsC.cPeer("qpl:path=software,huffman=fixed,level=default,verify=off").isEmpty());
        assertTrue(FfmVsC.cPeer("zlib:impl=jdk,level=6").isEmpty());
    }

    @Test
    void ratioUsesTheJmhMedianAndTheMeanOfCPasses() throws Exception {
        String json = """
                [{"benchmark":"io.vdobench.bench.CodecBench.decompress","params":{"codec":"lz4:impl:ffm","blockSize":"4096"},
                  "primaryMetric":{"score":1},
                  "secondaryMetrics":{"uncompressedMB":{"score":950,"rawData":[[900,1000,950,10,2000]]}}}]""";
        List<String> c1 = List.of("codec,level,block_size,direction,blocks,mb_per_s_median",
                "lz4,default,4096,decompress,1024,1100.0", "lz4,default,4096,compress,1024,5.0");
        List<String> c2 = List.of("lz4,default,4096,decompress,1024,900.0", "# versions");
        List<FfmVsC.Row> rows = FfmVsC.rows(JmhJson.parse(json, "test"), List.of(c1, c2));
        assertEquals(1, rows.size());
        assertEquals(950, rows.get(0).ffm(), 1e-9);
        assertEquals(1000, rows.get(0).c(), 1e-9);
        assertEquals(0.95, rows.get(0).ratio(), 1e-9);
        assertTrue(FfmVsC.markdown(rows).contains("**0.95**"));
    }

    private static FfmVsC.Row row(String id, double jvm, double c) {
        return new FfmVsC.Row(id, "lz4/default", 4096, "compress", jvm, c, 1);
    }

    @Test
    void pairedCellsGiveTheGeometricMeanRatioWithATIntervalAndAVerdict() {
        // Drift moves both sides of a pair together; the ratio stays near 1.00, so the interval is narrow.
        List<List<FfmVsC.Row>> passes = List.of(
                List.of(row("a", 1000, 1000), row("b", 900, 1000), row("c", 500, 1000)),
                List.of(row("a", 1210, 1200), row("b", 800, 1000), row("c", 1000, 1000)),
                List.of(row("a", 790, 800), row("b", 1000, 1000), row("c", 450, 1000)));
        List<FfmVsC.PairedCell> cells = FfmVsC.paired(passes);
        assertEquals(List.of("a", "b", "c"), cells.stream().map(c -> c.first().id()).toList());
        FfmVsC.PairedCell a = cells.get(0);
        assertEquals(3, a.pairs());
        double[] logs = {0, Math.log(1210.0 / 1200), Math.log(790.0 / 800)};
        double mean = (logs[0] + logs[1] + logs[2]) / 3;
        assertEquals(Math.exp(mean), a.ratio(), 1e-12);
        double sd = Math.sqrt(((logs[0] - mean) * (logs[0] - mean) + (logs[1] - mean) * (logs[1] - mean)
                + (logs[2] - mean) * (logs[2] - mean)) / 2);
        double half = 4.302652729911275 * sd / Math.sqrt(3); // t(0.975, 2 df)
        assertEquals(Math.exp(mean - half), a.low(), 1e-9);
        assertEquals(Math.exp(mean + half), a.high(), 1e-9);
        assertEquals(FfmVsC.Verdict.AT_LEAST, a.verdict(), "0.98 .. 1.02 is at least 0.95");
        assertEquals(FfmVsC.Verdict.CANNOT_TELL, cells.get(1).verdict(), "0.8 .. 1.0 spans 0.95");
        assertEquals(FfmVsC.Verdict.CANNOT_TELL, cells.get(2).verdict(), "0.45 .. 1.0: too wide to tell");
        String md = FfmVsC.markdownPaired(cells);
        assertTrue(md.contains("| `a` | lz4/default | 4096 | compress | 3 | 1000 | 1000 | **1.00** | ["), md);
        assertTrue(md.contains("≥ 0.95 with 95 % confidence: 1 cell (a 4096 compress)"), md);
        assertTrue(md.contains("Cannot be told from 0.95 with 95 % confidence: 2 cells"), md);
    }

    @Test
    void aCellClearlyBelowIsSaidSoAndOnePairHasNoInterval() {
        List<FfmVsC.PairedCell> below = FfmVsC.paired(List.of(List.of(row("x", 430, 1000)), List.of(row("x", 440, 1000)),
                List.of(row("x", 420, 1010))));
        assertEquals(FfmVsC.Verdict.BELOW, below.get(0).verdict());
        FfmVsC.PairedCell one = FfmVsC.paired(List.of(List.of(row("x", 990, 1000)))).get(0);
        assertTrue(Double.isNaN(one.low()));
        assertEquals(FfmVsC.Verdict.CANNOT_TELL, one.verdict(), "one pair never settles a cell");
        assertTrue(FfmVsC.markdownPaired(List.of(one)).contains("n/a (1 pair)"));
    }
}
