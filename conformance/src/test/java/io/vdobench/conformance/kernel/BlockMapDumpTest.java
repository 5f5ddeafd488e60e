package io.vdobench.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LBN reconstruction from a vdodumpblockmap tree walk (runs in the default build, no guest). */
class BlockMapDumpTest {

    /** Lines for one chain root(height 4) -> h3 -> h2 -> h1 -> leaf page, with the given slots. */
    private static List<String> chain(long root, int i4, int i3, int i2, int i1, long leafPage, long base) {
        return List.of(
                line(root, i4, 4, base + 1, 1),
                line(base + 1, i3, 3, base + 2, 1),
                line(base + 2, i2, 2, base + 3, 1),
                line(base + 3, i1, 1, leafPage, 1));
    }

    private static String line(long page, int slot, int height, long target, int state) {
        return "PBN " + page + "\t slot " + slot + "\t height " + height + "\t-> PBN " + target
                + " (compression state " + state + ")";
    }

    @Test
    void rebuildsLbnsFromRootIndexAndTreeSlots() {
        long root0 = 1000;
        java.util.ArrayList<String> dump = new java.util.ArrayList<>();
        // Root 0, page index 0: LBN 0..811.
        dump.addAll(chain(root0, 0, 0, 0, 0, 5000, 2000));
        dump.add(line(5000, 0, 0, 7000, 1));          // LBN 0 uncompressed
        dump.add(line(5000, 5, 0, 7001, 2 + 3));      // LBN 5 compressed slot 3
        // Root 1 (PBN root0+1), page index 0: page number 1, LBN 812..
        dump.addAll(chain(root0 + 1, 0, 0, 0, 0, 5001, 3000));
        dump.add(line(5001, 1, 0, 0, 1));             // LBN 813 zero block
        // Root 0, page index 1 (slot 1 at height 1): page number 60, LBN 60*812 = 48720.
        dump.add(line(2003, 1, 1, 5002, 1));
        dump.add(line(5002, 2, 0, 7002, 1));          // LBN 48722
        Map<Long, BlockMapDump.Mapping> m = BlockMapDump.parse(dump);
        assertEquals(new BlockMapDump.Mapping(7000, 1), m.get(0L));
        assertEquals(new BlockMapDump.Mapping(7001, 5), m.get(5L));
        assertEquals(3, m.get(5L).slot());
        assertEquals(new BlockMapDump.Mapping(0, 1), m.get(813L));
        assertEquals(true, m.get(813L).zeroBlock());
        assertEquals(new BlockMapDump.Mapping(7002, 1), m.get(48722L));
        assertEquals(4, m.size());
    }

    @Test
    void parsesLbaModeLines() {
        Map<Long, BlockMapDump.Mapping> m = BlockMapDump.parseLbaLines(List.of(
                "0\tmapped     \t679447", "5\tcompressed \t680372 slot 13", "9\tunmapped   \t0"));
        assertEquals(new BlockMapDump.Mapping(679447, 1), m.get(0L));
        assertEquals(new BlockMapDump.Mapping(680372, 15), m.get(5L));
        assertEquals(new BlockMapDump.Mapping(0, 0), m.get(9L));
    }

    @Test
    void rejectsDumpWithoutEntriesOrWithBrokenChain() {
        assertThrows(IllegalArgumentException.class, () -> BlockMapDump.parse(List.of("nothing here")));
        assertThrows(IllegalArgumentException.class, () -> BlockMapDump.parse(List.of(
                line(1000, 0, 4, 1001, 1), line(5000, 0, 0, 7000, 1))));
    }
}
