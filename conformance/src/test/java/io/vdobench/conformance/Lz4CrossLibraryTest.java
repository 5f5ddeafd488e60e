package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 §4: LZ4 blocks from lz4-java (JNI and pure Java) decode with liblz4's
 * {@code LZ4_decompress_safe} ({@code lz4:impl=ffm}) and the other way round, on the whole corpus;
 * every LZ4 implementation × every other. Writes the lz4 part of target/conformance.csv.
 */
class Lz4CrossLibraryTest {
    private static Codecs codecs;

    @BeforeAll
    static void load() {
        codecs = Codecs.load();
    }

    @AfterAll
    static void close() {
        codecs.close();
    }

    @Test
    void everyLz4ImplementationReadsEveryOthersBlocks() throws Exception {
        List<Codec> lz4 = codecs.all().stream().filter(c -> c.algorithm() == CompressionAlgorithm.LZ4).toList();
        assertTrue(lz4.stream().map(Codec::id).toList().containsAll(List.of("lz4:impl=ffm", "lz4:impl=jni", "lz4:impl=java")),
                lz4.toString());
        List<ReportCsv.Row> rows = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        int crossLibraryDecodes = 0;
        for (Codec producer : lz4) {
            for (Corpus.Entry e : Corpus.all()) {
                String kind = e.kind().name().toLowerCase(Locale.ROOT);
                // LZ4_compressBound: room for incompressible input too.
                byte[] frag = new byte[e.blockSize() + e.blockSize() / 255 + 16];
                int n = producer.compress(e.data(), 0, e.blockSize(), frag, 0, frag.length);
                for (Codec consumer : lz4) {
                    Outcome o = n > 0 ? Outcome.decode(consumer, frag, n, e.data())
                            : new Outcome("skipped:does-not-fit", "capacity " + frag.length);
                    rows.add(new ReportCsv.Row(producer.id(), consumer.id(), e.blockSize(), kind, "decode",
                            o.label(), "len=" + n + (o.detail().isEmpty() ? "" : "; " + o.detail())));
                    if (!o.decoded()) {
                        violations.add(producer.id() + " -> " + consumer.id() + " " + e.label() + ": " + o);
                    } else if (producer.id().equals("lz4:impl=ffm") != consumer.id().equals("lz4:impl=ffm")) {
                        crossLibraryDecodes++;
                    }
                }
            }
        }
        ReportCsv.writePart("30-lz4", rows);
        assertEquals(List.of(), violations);
        // ffm <-> jni and ffm <-> java, both directions, on the whole corpus.
        assertEquals(4 * Corpus.all().size(), crossLibraryDecodes);
    }
}
