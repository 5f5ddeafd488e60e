package io.vdobench.vdo.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.TestIaaCodec;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.Vectors;
import io.vdobench.vdo.policy.IaaCompressionPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PackedBlockScannerTest {
    @TempDir
    Path dir;

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<FragmentReport> scan(Path f, ScanSummary[] summary) throws Exception {
        List<FragmentReport> out = new ArrayList<>();
        try (PackedBlockScanner s = new PackedBlockScanner()) {
            summary[0] = s.scan(f, out::add);
        }
        return out;
    }

    @Test
    void decodesTheVectorBlocksOfBothVersions() throws Exception {
        Path f = dir.resolve("dump.img");
        byte[] filler = DataKind.RANDOM.generate(4096, 1); // an uncompressed data block between them
        Files.write(f, concat(Vectors.bytes("v1-lz4-two-fragments.bin"), filler, Vectors.bytes("v2-tagged-three-fragments.bin")));
        ScanSummary[] s = new ScanSummary[1];
        List<FragmentReport> frags = scan(f, s);
        assertEquals(3, s[0].blocksScanned());
        assertEquals(1, s[0].packedBlocksV1());
        assertEquals(1, s[0].packedBlocksV2());
        assertEquals(5, frags.size());
        List<String[]> expect = Vectors.tsv("blocks.tsv");
        for (int i = 0; i < 5; i++) {
            FragmentReport r = frags.get(i);
            assertNull(r.error(), r.toString());
            assertEquals(expect.get(i)[2], r.algorithm());
            assertEquals(expect.get(i)[3], r.sha256());
            assertEquals(4096, r.size());
            assertEquals(i < 2 ? 0 : 2, r.block());
        }
        assertEquals(26, frags.get(0).compressedSize());
    }

    @Test
    void aCorruptFragmentIsReportedAndTheScanGoesOn() throws Exception {
        byte[] v2 = Vectors.bytes("v2-tagged-three-fragments.bin").clone();
        int slot1 = 36 + 26;
        for (int i = 0; i < 10; i++) {
            v2[slot1 + i] = (byte) 0xFF; // wreck the DEFLATE stream of slot 1
        }
        Path f = dir.resolve("bad.img");
        Files.write(f, concat(v2, Vectors.bytes("v1-lz4-two-fragments.bin")));
        ScanSummary[] s = new ScanSummary[1];
        List<FragmentReport> frags = scan(f, s);
        assertEquals(5, frags.size());
        assertNull(frags.get(0).error());
        assertNotNull(frags.get(1).error());
        assertEquals(-1, frags.get(1).size());
        assertNull(frags.get(1).sha256());
        assertNull(frags.get(2).error());
        assertNull(frags.get(3).error());
        assertEquals(1, s[0].failedFragments());
    }

    @Test
    void recognisesTheGeometryBlockAndIgnoresOrdinaryBlocks() throws Exception {
        byte[] geometry = new byte[4096];
        System.arraycopy("dmvdo001".getBytes(StandardCharsets.US_ASCII), 0, geometry, 0, 8);
        geometry[8] = 5;
        geometry[12] = 5; // version 5.0
        byte[] single = Vectors.bytes("v1-lz4-two-fragments.bin").clone();
        single[10] = 0; // slot 1 size 0: a block of one fragment is never a packed block
        single[11] = 0;
        Path f = dir.resolve("geo.img");
        Files.write(f, concat(geometry, DataKind.TEXT.generate(4096, 1), new byte[4096], single, new byte[100]));
        ScanSummary[] s = new ScanSummary[1];
        List<FragmentReport> frags = scan(f, s);
        assertTrue(s[0].geometryBlock());
        assertEquals("5.0", s[0].geometryVersion());
        assertEquals(4, s[0].blocksScanned());
        assertEquals(100, s[0].trailingBytes());
        assertTrue(frags.isEmpty());
    }

    @Test
    void heuristicRejectsNearMisses() {
        byte[] b = Vectors.bytes("v1-lz4-two-fragments.bin").clone();
        assertEquals(2, PackedBlockScanner.packedSlots(b));
        byte[] gap = b.clone();
        gap[14] = 5; // slot 3 non-zero after an empty slot 2
        assertEquals(0, PackedBlockScanner.packedSlots(gap));
        byte[] big = b.clone();
        big[8] = (byte) 0xdc; big[9] = 0x0f; // 4060 + 26 > 4060
        assertEquals(0, PackedBlockScanner.packedSlots(big));
        byte[] v11 = b.clone();
        v11[4] = 1;
        assertEquals(0, PackedBlockScanner.packedSlots(v11));
        byte[] t = Vectors.bytes("v2-tagged-three-fragments.bin").clone();
        assertEquals(3, PackedBlockScanner.packedSlots(t));
        t[9] = (byte) 0xF0; // slot 0 tag 15
        assertEquals(0, PackedBlockScanner.packedSlots(t));
    }

    /** The inspector decodes what the pipeline wrote: 1.0 blocks (LZ4 only) and tagged 2.0 blocks (IAA). */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void inspectsThePipelinesOwnImagesOfBothVersions(Execution ex) throws Exception {
        for (boolean iaa : new boolean[] {false, true}) {
            IaaCompressionPolicy policy = new IaaCompressionPolicy(new TestIaaCodec(TestIaaCodec.Mode.WORKS),
                    new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA), iaa);
            Path img = dir.resolve("volume-" + iaa + ".img");
            Map<Long, String> expectBySlot = new HashMap<>();
            VdoStatistics st;
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(300).policy(policy).execution(ex).build()) {
                for (int i = 0; i < 300; i++) {
                    v.write(i, DataKind.FIO90.generate(4096, i), 0, 4096);
                }
                v.exportStorage(img);
                st = v.statistics();
                for (int i = 0; i < 300; i++) {
                    BlockMapEntry e = v.mapping(i);
                    if (e.isCompressed()) {
                        expectBySlot.put(e.pbn() * 16 + MappingState.slot(e.state()), sha(DataKind.FIO90.generate(4096, i)));
                    }
                }
            }
            ScanSummary[] s = new ScanSummary[1];
            List<FragmentReport> frags = scan(img, s);
            assertEquals(st.compressedFragmentsWritten(), frags.size());
            assertEquals(expectBySlot.size(), frags.size());
            assertEquals(iaa ? 0 : st.packedBlocksWritten(), s[0].packedBlocksV1());
            assertEquals(iaa ? st.packedBlocksWritten() : 0, s[0].packedBlocksV2());
            for (FragmentReport r : frags) {
                assertNull(r.error());
                assertEquals(iaa ? "DEFLATE_IAA" : "LZ4", r.algorithm());
                assertEquals(expectBySlot.get(r.block() * 16 + r.slot()), r.sha256(), r.toString());
            }
            assertFalse(s[0].geometryBlock());
        }
    }

    @Test
    void printsTextAndJson() throws Exception {
        Path f = dir.resolve("p.img");
        byte[] bad = Vectors.bytes("v1-lz4-two-fragments.bin").clone();
        bad[36] = 0; // slot 0's LZ4 token now says "no literals, short match at offset 0x41..." -> corrupt
        bad[38] = 0;
        bad[39] = 0;
        Files.write(f, concat(bad, Vectors.bytes("v2-tagged-three-fragments.bin")));
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        InspectPrinter.print(f, true, new PrintStream(bo, true, StandardCharsets.UTF_8));
        String json = bo.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"blocks_scanned\": 2"), json);
        assertTrue(json.contains("{\"block\": 1, \"slot\": 1, \"algorithm\": \"DEFLATE_IAA\", \"compressed_size\": "), json);
        assertTrue(json.contains("\"error\": null}"), json);
        assertTrue(json.matches("(?s).*\\{\"block\": 0, \"slot\": 0, \"algorithm\": \"LZ4\", \"compressed_size\": 26, "
                + "\"size\": null, \"sha256\": null, \"error\": \"[^\"]+\"}.*"), json);
        bo.reset();
        InspectPrinter.print(f, false, new PrintStream(bo, true, StandardCharsets.UTF_8));
        String text = bo.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("ERROR"), text);
        assertTrue(text.contains("2 blocks scanned: 1 packed 1.0, 1 packed 2.0 (tagged); 5 fragments, 1 failed"), text);
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", InspectPrinter.str("a\"b\\c\n\u0001"));
        assertEquals("null", InspectPrinter.str(null));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
