package io.vdobench.vdo.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockMapEntryTest {

    @Test
    void encodesTheExampleFromEncodingsH() {
        // PBN 0x9_1234_5678 in slot 1 (state 3) -> 93 78 56 34 12
        BlockMapEntry e = new BlockMapEntry(0x912345678L, MappingState.compressed(1));
        assertArrayEquals(Vectors.hex("9378563412"), e.encode());
        assertEquals(e, BlockMapEntry.decode(Vectors.hex("9378563412"), 0));
    }

    @Test
    void zeroAndUnmapped() {
        assertArrayEquals(Vectors.hex("0000000000"), BlockMapEntry.UNMAPPED.encode());
        assertArrayEquals(Vectors.hex("0100000000"), BlockMapEntry.ZERO.encode());
        assertTrue(BlockMapEntry.ZERO.isValid());
        assertTrue(BlockMapEntry.UNMAPPED.isValid());
        assertFalse(BlockMapEntry.UNMAPPED.isMapped());
        assertTrue(BlockMapEntry.ZERO.isMapped());
    }

    @Test
    void validityRules() {
        assertFalse(new BlockMapEntry(0, 2).isValid(), "PBN 0 with a compressed state");
        assertFalse(new BlockMapEntry(5, 0).isValid(), "non-zero PBN unmapped");
        assertTrue(new BlockMapEntry(5, 1).isValid());
        assertTrue(new BlockMapEntry(5, 15).isValid());
    }

    @Test
    void roundTripsEveryStateAndHighPbnBits() {
        byte[] b = new byte[7];
        for (int state = 0; state < 16; state++) {
            for (long pbn : new long[] {0, 1, 0xFFFFFFFFL, 0x100000000L, VdoConstants.MAX_PBN}) {
                new BlockMapEntry(pbn, state).encode(b, 2);
                assertEquals(new BlockMapEntry(pbn, state), BlockMapEntry.decode(b, 2));
                assertEquals(new BlockMapEntry(pbn, state), BlockMapEntry.unpack(BlockMapEntry.pack(pbn, state)));
            }
        }
    }

    @Test
    void rejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new BlockMapEntry(1L << 36, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockMapEntry(1, 16));
        assertThrows(IllegalArgumentException.class, () -> MappingState.compressed(14));
    }
}
