package io.vdobench.vdo.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompressedBlockTest {

    static Stream<Arguments> headerCases() {
        List<String[]> rows = Vectors.tsv("header-cases.tsv");
        assertTrue(rows.size() >= 28);
        return rows.stream().map(r -> Arguments.of((Object) r));
    }

    /** Each case: header bytes + state -> located fragment or INVALID_FRAGMENT (rule noted in the file). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headerCases")
    void headerCase(String[] row) {
        byte[] block = new byte[4096 + 5];
        byte[] header = Vectors.hex(row[1]);
        System.arraycopy(header, 0, block, 5, header.length);
        int state = Integer.parseInt(row[2]);
        String[] expect = row[3].split(" ");
        FragmentLocation loc = new FragmentLocation();
        if (expect[0].equals("ok")) {
            CompressedBlock.locate(block, 5, state, loc);
            assertEquals(expect[1], loc.version().toString());
            assertEquals(Integer.parseInt(expect[2]), loc.offset());
            assertEquals(Integer.parseInt(expect[3]), loc.size());
            assertEquals(CompressionAlgorithm.valueOf(expect[4]), loc.algorithm());
            assertEquals(state - 2, loc.slot());
        } else {
            VdoException e = assertThrows(VdoException.class, () -> CompressedBlock.locate(block, 5, state, loc));
            assertEquals(VdoStatus.INVALID_FRAGMENT, e.status());
            String rule = expect[1];
            String msg = e.getMessage();
            // The message names the rule that fired, which checks dm-vdo's order.
            switch (rule) {
                case "1" -> assertTrue(msg.contains("not a compressed state"), msg);
                case "2" -> assertTrue(msg.contains("version"), msg);
                case "3" -> assertTrue(msg.contains("is not below 14"), msg);
                case "4" -> assertTrue(msg.contains("sum to"), msg);
                case "5" -> assertTrue(msg.contains("ends past"), msg);
                case "6" -> assertTrue(msg.contains("tag"), msg);
                default -> throw new AssertionError("unknown rule " + rule);
            }
        }
    }

    @Test
    void versionCheckPrecedesSlotCheck() {
        byte[] block = new byte[4096];
        CompressedBlock.setVersion(block, 0, CompressedBlockVersion.V1_0);
        block[4] = 1; // version 1.1
        VdoException e = assertThrows(VdoException.class, () -> CompressedBlock.locate(block, 0, 16, new FragmentLocation()));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void writerProducesDmVdoBytes() {
        byte[] block = new byte[4096];
        java.util.Arrays.fill(block, (byte) 0x77);
        CompressedBlock.setVersion(block, 0, CompressedBlockVersion.V1_0);
        CompressedBlock.setSlot(block, 0, CompressedBlockVersion.V1_0, 0, 26, CompressionAlgorithm.LZ4);
        CompressedBlock.setSlot(block, 0, CompressedBlockVersion.V1_0, 1, 0x0123, CompressionAlgorithm.LZ4);
        CompressedBlock.clearSlotsFrom(block, 0, 2);
        byte[] header = java.util.Arrays.copyOf(block, 36);
        assertArrayEquals(Vectors.hex("01000000" + "00000000" + "1a00" + "2301" + "0000".repeat(12)), header);

        CompressedBlock.setVersion(block, 0, CompressedBlockVersion.TAGGED_2_0);
        CompressedBlock.setSlot(block, 0, CompressedBlockVersion.TAGGED_2_0, 0, 26, CompressionAlgorithm.DEFLATE_IAA);
        CompressedBlock.setSlot(block, 0, CompressedBlockVersion.TAGGED_2_0, 1, 4059, CompressionAlgorithm.DEFLATE_CPU);
        assertArrayEquals(Vectors.hex("02000000" + "00000000" + "1a20" + "db3f" + "0000".repeat(12)),
                java.util.Arrays.copyOf(block, 36));
    }

    @Test
    void writerRejectsWhatTheFormatCannotHold() {
        byte[] b = new byte[4096];
        assertThrows(IllegalArgumentException.class, () -> CompressedBlock.setSlot(b, 0, CompressedBlockVersion.V1_0, 0, 10,
                CompressionAlgorithm.DEFLATE_IAA));
        assertThrows(IllegalArgumentException.class, () -> CompressedBlock.setSlot(b, 0, CompressedBlockVersion.V1_0, 14, 10,
                CompressionAlgorithm.LZ4));
        assertThrows(IllegalArgumentException.class, () -> CompressedBlock.setSlot(b, 0, CompressedBlockVersion.V1_0, 0, 4060,
                CompressionAlgorithm.LZ4));
        assertThrows(IllegalArgumentException.class, () -> CompressedBlock.setSlot(b, 0, CompressedBlockVersion.TAGGED_2_0, 0, 0,
                CompressionAlgorithm.LZ4));
    }

    @Test
    void versionLookupIsExact() {
        assertEquals(CompressedBlockVersion.V1_0, CompressedBlockVersion.of(1, 0));
        assertEquals(CompressedBlockVersion.TAGGED_2_0, CompressedBlockVersion.of(2, 0));
        assertNull(CompressedBlockVersion.of(1, 1));
        assertNull(CompressedBlockVersion.of(1L << 32 | 1, 0));
    }

    static Stream<Arguments> blockRows() {
        return Vectors.tsv("blocks.tsv").stream().map(r -> Arguments.of((Object) r));
    }

    /** Whole-block vectors made by Python (hand-built LZ4, Python zlib DEFLATE) decode to the recorded hashes. */
    @ParameterizedTest(name = "{0} slot {1}")
    @MethodSource("blockRows")
    void wholeBlockVectorsDecode(String[] row) throws Exception {
        byte[] block = Vectors.bytes(row[0]);
        int slot = Integer.parseInt(row[1]);
        FragmentLocation loc = new FragmentLocation();
        CompressedBlock.locate(block, 0, MappingState.compressed(slot), loc);
        assertEquals(CompressionAlgorithm.valueOf(row[2]), loc.algorithm());
        byte[] out = new byte[4096];
        try (Codec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA); Codec zlib = new JdkZlibCodec(6)) {
            Codec c = loc.algorithm() == CompressionAlgorithm.LZ4 ? lz4 : zlib;
            c.decompress(block, loc.blockOffset(), loc.size(), out, 0, 4096);
        }
        assertEquals(row[3], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out)));
    }

    @Test
    void taggedSizesLookOversizedToALegacyReader() {
        // Defence in depth: a reader that skipped the version check would see tag<<12|size >= 4096 > 4060.
        byte[] block = Vectors.bytes("v2-tagged-three-fragments.bin");
        for (int slot = 0; slot < 3; slot++) {
            assertTrue(CompressedBlock.sizeField(block, 0, slot) > VdoConstants.COMPRESSED_DATA_SIZE);
        }
        block[0] = 1; // pretend 1.0: every slot now fails rule 4 or 5
        for (int slot = 0; slot < 3; slot++) {
            int state = MappingState.compressed(slot);
            assertThrows(VdoException.class, () -> CompressedBlock.locate(block, 0, state, new FragmentLocation()));
        }
    }
}
