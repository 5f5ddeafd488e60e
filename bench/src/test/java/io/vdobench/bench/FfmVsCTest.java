package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        List<FfmVsC.Row> rows = FfmVsC.rows(new ObjectMapper().readTree(json), List.of(c1, c2));
        assertEquals(1, rows.size());
        assertEquals(950, rows.get(0).ffm(), 1e-9);
        assertEquals(1000, rows.get(0).c(), 1e-9);
        assertEquals(0.95, rows.get(0).ratio(), 1e-9);
        assertTrue(FfmVsC.markdown(rows).contains("**0.95**"));
    }
}
