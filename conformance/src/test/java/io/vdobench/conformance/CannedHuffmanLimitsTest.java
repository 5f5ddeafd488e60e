package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec;
import io.vdobench.ffm.qpl.QplLibrary;
import io.vdobench.testing.Prerequisites;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 §2, canned Huffman: QPL's canned mode writes a stream without a DEFLATE block header. It is
 * valid for QPL (decodes with the same table) and unreadable by plain inflate; and the pipeline's QPL
 * codec cannot produce it, so nothing tagged DEFLATE_IAA is ever canned.
 */
class CannedHuffmanLimitsTest {
    private static Codecs codecs;

    @BeforeAll
    static void load() {
        Prerequisites.require(QplLibrary.get().isAvailable(), () -> "libqpl unavailable: " + QplLibrary.get().reason());
        codecs = Codecs.load();
    }

    @AfterAll
    static void close() {
        if (codecs != null) {
            codecs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataKind.class, names = {"FIO60", "TEXT", "FIO90", "RUNS"})
    void cannedStreamIsValidForQplButNotForInflate(DataKind kind) {
        byte[] block = Corpus.entry(4096, kind).data();
        try (QplCannedMode canned = new QplCannedMode()) {
            byte[] stream = canned.compress(block);
            // Valid canned output: QPL, given the same table, decodes it back.
            assertArrayEquals(block, canned.decompress(stream, block.length), "QPL canned round trip");

            // zlib raw inflate (the pipeline's fallback): never the original bytes.
            Outcome jdk = Outcome.decode(codecs.require("zlib:impl=jdk,level=6"), stream, stream.length, block);
            assertTrue(jdk.label().startsWith("failed:CorruptFragmentException"),
                    "Inflater(nowrap) on canned stream " + QplCannedMode.head(stream) + ": " + jdk);
            // Nor do the other full-window inflaters or QPL's own header-expecting decompress.
            for (String id : List.of("zlib:impl=ffm,window=4k,level=6", "isal:level=1", "libdeflate:level=6",
                    "qpl:path=software,huffman=fixed,level=default,verify=on")) {
                Outcome o = Outcome.decode(codecs.require(id), stream, stream.length, block);
                assertTrue(o.label().startsWith("failed:"), id + ": " + o);
            }
            // The independent RFC 1951 reader does not get the original either.
            try {
                byte[] ref = DeflateStreamAnalyser.decode(stream, 0, stream.length, block.length);
                assertTrue(!Arrays.equals(ref, block), "reference decoder read a canned stream as the block");
            } catch (DeflateStreamAnalyser.MalformedDeflateException expected) {
                // the usual outcome
            }
        }
    }

    /**
     * How the pipeline is protected: QplCodec's options have no Huffman table and no canned flag (its
     * Huffman enum is FIXED/DYNAMIC only), and every QPL variant's output carries its own block header,
     * which the independent reader decodes back to the input.
     */
    @Test
    void pipelineQplCodecCannotProduceCannedStreams() {
        assertEquals(List.of("FIXED", "DYNAMIC"), Arrays.stream(QplCodec.Huffman.values()).map(Enum::name).toList());
        assertEquals(List.of("path", "huffman", "level", "verify", "resetPerBlock"),
                Arrays.stream(QplCodec.Options.class.getRecordComponents()).map(RecordComponent::getName).toList());
        int checked = 0;
        for (Codec c : codecs.available()) {
            if (c.algorithm() != CompressionAlgorithm.DEFLATE_IAA) {
                continue;
            }
            for (DataKind k : DataKind.values()) {
                byte[] block = Corpus.entry(4096, k).data();
                byte[] out = new byte[Corpus.matrixCapacity(block.length)];
                int n = c.compress(block, 0, block.length, out, 0, out.length);
                DeflateStreamAnalyser.Result r = DeflateStreamAnalyser.analyse(out, 0, n, block.length);
                assertEquals(n, r.inputBytes(), c.id());
                assertArrayEquals(block, DeflateStreamAnalyser.decode(out, 0, n, block.length), c.id() + " " + k);
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    /**
     * Why the tag matters: if canned output were tagged DEFLATE_IAA (here by a deliberately mislabelled
     * codec), the patch's promise breaks: without QPL and its table, every such read fails with
     * VDO_INVALID_FRAGMENT through the zlib fallback. It fails loudly, never with wrong data.
     */
    @Test
    void cannedOutputMislabelledAsIaaIsUnreadableThroughTheFallback() {
        Codec qpl = codecs.require("qpl:path=software,huffman=fixed,level=default,verify=on");
        try (QplCannedMode canned = new QplCannedMode()) {
            Codec mislabelled = new Codec() {
                @Override
                public io.vdobench.codec.CodecInfo info() {
                    return qpl.info();
                }

                @Override
                public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int cap) {
                    byte[] s = canned.compress(Arrays.copyOfRange(src, srcOff, srcOff + srcLen));
                    if (s.length > cap) {
                        return DOES_NOT_FIT;
                    }
                    System.arraycopy(s, 0, dst, dstOff, s.length);
                    return s.length;
                }

                @Override
                public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int len) {
                    throw new io.vdobench.codec.CodecUnavailableException("the canned table is gone");
                }

                @Override
                public void close() {
                }
            };
            Codec lz4 = codecs.require("lz4:impl=ffm");
            try (io.vdobench.vdo.VdoVolume v = io.vdobench.vdo.VdoVolume.builder().logicalBlocks(40)
                    .policy(new io.vdobench.vdo.policy.IaaCompressionPolicy(mislabelled, lz4, true))
                    .iaaDecoder(mislabelled).build()) {
                for (int i = 0; i < 40; i++) {
                    v.write(i, DataKind.FIO90.generate(4096, 300 + i), 0, 4096);
                }
                v.flush();
                int compressed = 0;
                for (int i = 0; i < 40; i++) {
                    if (!v.mapping(i).isCompressed()) {
                        continue;
                    }
                    compressed++;
                    final int lbn = i;
                    io.vdobench.vdo.format.VdoException e = assertThrows(io.vdobench.vdo.format.VdoException.class,
                            () -> v.read(lbn, new byte[4096], 0, 4096), "LBN " + i);
                    assertEquals(io.vdobench.vdo.format.VdoStatus.INVALID_FRAGMENT, e.status());
                }
                assertTrue(compressed > 20, "only " + compressed + " blocks packed");
            }
        }
    }

    @Test
    void plainQplDecompressOfANormalStreamStillWorksAfterCannedJobs() {
        // Guards against the canned job leaking state into the codec's pooled jobs (separate job memory).
        byte[] block = Corpus.entry(4096, DataKind.TEXT).data();
        Codec q = codecs.require("qpl:path=software,huffman=dynamic,level=default,verify=on");
        byte[] out = new byte[8192];
        int n = q.compress(block, 0, block.length, out, 0, out.length);
        byte[] back = new byte[block.length];
        q.decompress(out, 0, n, back, 0, back.length);
        assertArrayEquals(block, back);
        assertThrows(IllegalStateException.class, () -> {
            try (QplCannedMode m = new QplCannedMode()) {
                m.decompress(new byte[] {(byte) 0xff, (byte) 0xff}, 4096);
            }
        });
    }
}
