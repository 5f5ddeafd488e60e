package io.vdobench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.data.DataKind;
import io.vdobench.testing.Prerequisites;
import io.vdobench.vdo.FragmentDecoder;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.policy.IaaCompressionPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The headline case of the patch (issue 4 §1): packed blocks whose fragments are IAA-tagged, written by
 * QPL through the pipeline's IAA policy, are read back with QPL switched off, through the pipeline's
 * raw-inflate fallback alone, and match; and the same fragments, taken straight off the volume's
 * storage, inflate with nothing but {@code java.util.zip.Inflater(nowrap=true)}.
 */
class IaaTaggedBlocksReadThroughZlibFallbackTest {
    private static final int BLOCKS = 240;
    private static Codecs codecs;

    @BeforeAll
    static void load() {
        codecs = Codecs.load();
    }

    @AfterAll
    static void close() {
        codecs.close();
    }

    private static byte[] data(int i) {
        DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.TEXT, DataKind.RUNS};
        return kinds[i % kinds.length].generate(4096, 1000L + i);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "qpl:path=software,huffman=fixed,level=default,verify=on",
        "qpl:path=software,huffman=dynamic,level=high,verify=on",
        "qpl:path=hardware,huffman=fixed,level=default,verify=on"})
    void iaaTaggedPackedBlocksReadBackThroughRawInflateAlone(String qplId) {
        Codec real = codecs.require(qplId);
        if (qplId.contains("hardware")) {
            assumeTrue(real.info().available(), qplId + " unavailable here (no IAA): " + real.info().reason());
            assertEquals(ExecutionPath.HARDWARE, real.info().path());
        } else {
            Prerequisites.require(real.info().available(), () -> qplId + " unavailable here: " + real.info().reason());
        }
        SwitchableCodec qpl = new SwitchableCodec(real);
        Codec lz4 = codecs.require("lz4:impl=ffm");
        IaaCompressionPolicy policy = new IaaCompressionPolicy(qpl, lz4, true);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(BLOCKS).policy(policy).iaaDecoder(qpl).build()) {
            for (int i = 0; i < BLOCKS; i++) {
                v.write(i, data(i), 0, 4096);
            }
            v.flush();

            // The volume really holds packed, tagged 2.0 blocks of several IAA fragments each.
            Map<Long, Integer> iaaFragmentsPerBlock = new HashMap<>();
            byte[] blk = new byte[4096];
            FragmentLocation loc = new FragmentLocation();
            int compressed = 0;
            for (int i = 0; i < BLOCKS; i++) {
                BlockMapEntry e = v.mapping(i);
                if (!e.isCompressed()) {
                    continue; // the packer may write a block uncompressed (bin overflow, lone fragment at flush)
                }
                compressed++;
                v.storage().read(e.pbn(), blk, 0);
                CompressedBlock.locate(blk, 0, e.state(), loc);
                assertEquals(CompressedBlockVersion.TAGGED_2_0, loc.version());
                assertEquals(CompressionAlgorithm.DEFLATE_IAA, loc.algorithm(), "LBN " + i);
                iaaFragmentsPerBlock.merge(e.pbn(), 1, Integer::sum);
            }
            assertTrue(compressed > BLOCKS / 2, "only " + compressed + " of " + BLOCKS + " blocks were packed");
            assertTrue(iaaFragmentsPerBlock.values().stream().allMatch(n -> n >= 2), iaaFragmentsPerBlock.toString());
            assertTrue(iaaFragmentsPerBlock.size() < BLOCKS / 2, "fragments were packed, not stored one per block");

            // QPL goes away. Every read must now take the raw-inflate fallback and still match.
            qpl.switchOff();
            long before = v.decoder().iaaUnavailableFallbacks();
            byte[] got = new byte[4096];
            for (int i = 0; i < BLOCKS; i++) {
                v.read(i, got, 0, 4096);
                assertArrayEquals(data(i), got, "LBN " + i);
            }
            assertEquals(0, qpl.callsWhileOff(), "the pipeline must not call an unavailable codec");
            assertEquals(compressed, v.decoder().iaaUnavailableFallbacks() - before);

            // Independently of the volume's read path: a decoder with no IAA codec at all, and bare Inflater.
            FragmentDecoder inflateOnly = new FragmentDecoder(lz4, null, null, new JdkZlibCodec(6));
            Inflater inflater = new Inflater(true);
            try {
                for (int i = 0; i < BLOCKS; i++) {
                    BlockMapEntry e = v.mapping(i);
                    if (!e.isCompressed()) {
                        continue;
                    }
                    v.storage().read(e.pbn(), blk, 0);
                    CompressedBlock.locate(blk, 0, e.state(), loc);
                    byte[] out = new byte[4096];
                    inflateOnly.decode(loc.algorithm(), blk, loc.blockOffset(), loc.size(), out, 0);
                    assertArrayEquals(data(i), out, "FragmentDecoder without IAA, LBN " + i);

                    inflater.reset();
                    inflater.setInput(blk, loc.blockOffset(), loc.size());
                    byte[] raw = new byte[4097];
                    int n = inflater.inflate(raw);
                    assertTrue(inflater.finished(), "LBN " + i);
                    assertEquals(4096, n);
                    assertEquals(0, inflater.getRemaining(), "fragment fully consumed");
                    assertArrayEquals(data(i), java.util.Arrays.copyOf(raw, 4096));
                }
            } catch (java.util.zip.DataFormatException ex) {
                throw new AssertionError(ex);
            } finally {
                inflater.end();
            }
            assertEquals(compressed, inflateOnly.iaaUnavailableFallbacks());
        }
    }
}
