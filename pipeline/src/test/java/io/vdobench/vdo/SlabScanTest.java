package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time free-counter scan finds exactly what a byte-by-byte scan finds. */
class SlabScanTest {

    private static int naive(byte[] counts, int from, int to) {
        for (int i = from; i < to; i++) {
            if (counts[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findFreeMatchesByteScan() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] counts = new byte[1 + r.nextInt(70)];
            int density = r.nextInt(4); // from no free counters to many
            for (int i = 0; i < counts.length; i++) {
                // every byte value, including 0x80 and 0xFF (provisional) and 0x01 (borrow edge cases)
                counts[i] = r.nextInt(8) < density ? 0 : (byte) (1 + r.nextInt(255));
            }
            int from = r.nextInt(counts.length + 1);
            int to = from + r.nextInt(counts.length - from + 1);
            assertEquals(naive(counts, from, to), SlabDepot.findFree(counts, from, to),
                    () -> "from " + from + " to " + to + " in " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void allocationOrderIsCursorThenWrap() {
        SlabDepot d = new SlabDepot(1 + 40, 40);
        long[] got = new long[40];
        for (int i = 0; i < 40; i++) {
            got[i] = d.allocate();
            assertEquals(i + 1, got[i], "a fresh slab allocates in PBN order");
        }
        d.commitProvisional(3, 1);
        d.decrement(3);
        d.commitProvisional(30, 1);
        d.decrement(30);
        assertEquals(3, d.allocate(), "cursor wrapped to the start: first free from 0");
        assertEquals(30, d.allocate(), "then onwards from the cursor");
        assertEquals(0, d.allocate());
    }
}
