package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.conformance.CrossDecompressionMatrix.Cell;
import io.vdobench.conformance.CrossDecompressionMatrix.Consumer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 §1: every DEFLATE producer × every consumer × the corpus, each cell asserted against the
 * expectation derived from the stream's largest match distance. Writes the matrix part of
 * target/conformance.csv.
 */
class CrossDecompressionMatrixTest {
    private static Codecs codecs;
    private static final List<Cell> CELLS = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        codecs = Codecs.load();
        List<Consumer> consumers = CrossDecompressionMatrix.consumers(codecs);
        List<Corpus.Entry> corpus = Corpus.all();
        for (Codec p : CrossDecompressionMatrix.producers(codecs)) {
            CELLS.addAll(CrossDecompressionMatrix.run(p, consumers, corpus));
        }
        ReportCsv.writePart("10-deflate-matrix", CELLS.stream().map(Cell::row).toList());
    }

    @AfterAll
    static void close() {
        codecs.close();
    }

    @Test
    void everyCellMatchesItsDerivedExpectation() {
        List<String> violations = CELLS.stream().filter(c -> c.violation() != null)
                .map(c -> c.row().producer() + " -> " + c.row().consumer() + " " + c.row().dataKind() + "/"
                        + c.row().blockSize() + ": " + c.violation())
                .toList();
        assertEquals(List.of(), violations);
    }

    @Test
    void matrixCoversEveryRequiredProducerConsumerAndCorpusCell() {
        List<String> producers = CELLS.stream().map(c -> c.row().producer()).distinct().toList();
        for (String required : List.of("qpl:path=software,huffman=fixed,level=default,verify=on",
                "qpl:path=software,huffman=fixed,level=high,verify=on",
                "qpl:path=software,huffman=dynamic,level=default,verify=on",
                "qpl:path=software,huffman=dynamic,level=high,verify=on",
                "qpl:path=hardware,huffman=fixed,level=default,verify=on",
                "zlib:impl=jdk,level=1", "zlib:impl=jdk,level=6", "zlib:impl=jdk,level=9",
                "zlib:impl=ffm,window=4k,level=1", "zlib:impl=ffm,window=4k,level=6", "zlib:impl=ffm,window=4k,level=9",
                "isal:level=0", "isal:level=1", "isal:level=3",
                "libdeflate:level=1", "libdeflate:level=6", "libdeflate:level=12")) {
            assertTrue(producers.contains(required), "missing producer " + required + " in " + producers);
        }
        int consumers = CrossDecompressionMatrix.CONSUMERS.length;
        assertEquals((long) producers.size() * consumers * Corpus.all().size(), CELLS.size());
    }

    /** The CPU consumers and the QPL software consumer actually ran (not skipped) on every available producer. */
    @Test
    void noAvailablePairIsSkipped() {
        List<String> skipped = CELLS.stream()
                .filter(c -> c.row().outcome().startsWith("skipped:"))
                .filter(c -> !c.row().outcome().equals("skipped:producer-unavailable"))
                .filter(c -> !c.row().consumer().equals("qpl-hardware-decompress"))
                .map(c -> c.row().toString()).toList();
        assertEquals(List.of(), skipped);
    }

    /** What VDO compresses: every 4 KiB block decodes in every direction, IAA consumers included. */
    @Test
    void every4KiBBlockDecodesInEveryDirection() {
        List<String> bad = CELLS.stream()
                .filter(c -> c.row().blockSize() == 4096 && !c.row().outcome().startsWith("skipped:"))
                .filter(c -> !c.row().outcome().equals("decoded") || !c.row().expected().equals("decode"))
                .map(c -> c.row().toString()).toList();
        assertEquals(List.of(), bad);
    }

    /** Expected failures exist (the matrix is directional) and each one is the exact QPL distance error. */
    @Test
    void largeWindowStreamsFailOnQplWithBadDistance() {
        List<Cell> fails = CELLS.stream().filter(c -> c.row().expected().equals("fail"))
                .filter(c -> !c.row().outcome().startsWith("skipped:")).toList();
        assertTrue(fails.size() > 0, "no cell exercised the 4 KiB window limit");
        for (Cell c : fails) {
            assertEquals(CrossDecompressionMatrix.IAA_DISTANCE_FAILURE, c.row().outcome(), c.row().toString());
        }
        // Every QPL-produced stream decodes everywhere (QPL compresses with a 4 KiB history).
        assertTrue(CELLS.stream().filter(c -> c.row().producer().startsWith("qpl:path=software"))
                .filter(c -> !c.row().outcome().startsWith("skipped:"))
                .allMatch(c -> c.row().expected().equals("decode") && c.row().outcome().equals("decoded")));
    }
}
