package io.vdobench.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Lz4JavaCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Header parsing and plausibility rules of the harness scanner (default build, no guest). */
class PackedBlockTest {

    private static byte[] header(int major, int minor, int... sizes) {
        byte[] b = new byte[PackedBlock.BLOCK];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, major).putInt(4, minor);
        for (int i = 0; i < sizes.length; i++) {
            bb.putShort(8 + 2 * i, (short) sizes[i]);
        }
        return b;
    }

    @Test
    void plausibleNeedsTwoLeadingSlotsWithinTheDataArea() {
        assertTrue(PackedBlock.parse(7, header(1, 0, 1707, 1706), 0).plausible());
        assertTrue(PackedBlock.parse(7, header(1, 0, 2030, 2030), 0).plausible());
        assertFalse(PackedBlock.parse(7, header(1, 0, 2031, 2030), 0).plausible(), "sum 4061 > 4060");
        assertFalse(PackedBlock.parse(7, header(1, 0, 100), 0).plausible(), "one fragment");
        assertFalse(PackedBlock.parse(7, header(1, 0, 100, 0, 100), 0).plausible(), "gap in the sizes");
        assertFalse(PackedBlock.parse(7, header(1, 0, 4060, 1), 0).plausible(), "fragment > 4059");
    }

    @Test
    void offsetsArePrefixSumsAfterThe36ByteHeader() {
        PackedBlock p = PackedBlock.parse(9, header(1, 0, 10, 20, 30), 0);
        assertEquals(3, p.usedSlots());
        assertEquals(36, p.fragmentOffset(0));
        assertEquals(46, p.fragmentOffset(1));
        assertEquals(66, p.fragmentOffset(2));
        assertTrue(p.isVersion10());
        assertFalse(PackedBlock.parse(9, header(2, 0, 10, 20), 0).isVersion10());
    }

    @Test
    void harnessRepackDecodesSlotBySlotAndProbesChangeOnlyTheHeader() {
        byte[] a = io.vdobench.data.DataKind.TEXT.generate(4096, 1);
        byte[] b = io.vdobench.data.DataKind.FIO60.generate(4096, 2);
        PackedBlock original = PackedBlock.parse(1, header(1, 0, 1, 1), 0);
        byte[] v1 = BlockRewrite.harnessLz4HcV1().rewrite(original, List.of(a, b));
        PackedBlock p = PackedBlock.parse(1, v1, 0);
        assertTrue(p.isVersion10() && p.plausible() && p.usedSlots() == 2, p.toString());
        try (Lz4JavaCodec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA)) {
            byte[] out = new byte[4096];
            lz4.decompress(v1, p.fragmentOffset(0), p.sizes()[0], out, 0, 4096);
            assertTrue(java.util.Arrays.equals(a, out));
            lz4.decompress(v1, p.fragmentOffset(1), p.sizes()[1], out, 0, 4096);
            assertTrue(java.util.Arrays.equals(b, out));
        }
        byte[] v2 = BlockRewrite.relabelAsVersion2().rewrite(p, List.of(a, b));
        assertEquals(2, PackedBlock.parse(1, v2, 0).major());
        assertTrue(java.util.Arrays.equals(v1, 8, 4096, v2, 8, 4096), "only the version words change");
        byte[] bad = BlockRewrite.oversizeSlot(1).rewrite(p, List.of(a, b));
        assertEquals(PackedBlock.DATA, PackedBlock.parse(1, bad, 0).sizes()[1]);
    }
}
