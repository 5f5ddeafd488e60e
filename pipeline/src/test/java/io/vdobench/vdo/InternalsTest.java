package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.vdo.format.BlockMapEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Unit tests of the volume's building blocks: reference counts, index, int-map, block map. */
class InternalsTest {

    @Test
    void referenceCountsFollowDmVdoSemantics() {
        SlabDepot d = new SlabDepot(11, 4); // data blocks 1..10 in slabs of 4, 4, 2
        assertEquals(3, d.slabCount());
        Set<Long> got = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            long pbn = d.allocate();
            assertTrue(pbn >= 1 && pbn <= 10);
            assertTrue(got.add(pbn));
            assertEquals(SlabDepot.PROVISIONAL, d.count(pbn));
        }
        assertEquals(0, d.allocate(), "full: NO_SPACE");
        long p = got.iterator().next();
        assertEquals(0, d.claim(p, 1), "a provisional block cannot be shared");
        d.commitProvisional(p, 1);
        assertEquals(1, d.claim(p, 1));
        assertEquals(2, d.count(p));
        assertEquals(252, d.claim(p, 1000), "capped at 254 references");
        assertEquals(254, d.count(p));
        assertEquals(0, d.claim(p, 1));
        for (int i = 0; i < 254; i++) {
            d.decrement(p);
        }
        assertEquals(0, d.count(p));
        assertEquals(9, d.usedBlocks());
        assertThrows(IllegalStateException.class, () -> d.decrement(p));
        assertEquals(p, d.allocate(), "the freed block is allocated again");
        d.releaseProvisional(p);
        assertEquals(9, d.usedBlocks());
        assertThrows(IllegalArgumentException.class, () -> d.count(0));
        assertEquals(0, d.claim(0, 1));
        assertEquals(0, d.claim(11, 1));
    }

    @Test
    void physicalZonesOwnEveryPthSlab() {
        SlabDepot d = new SlabDepot(1 + 5 * 4, 4); // slabs 0..4 of 4 blocks: zone 0 owns slabs 0, 2, 4; zone 1 owns 1, 3
        for (long pbn = 1; pbn <= 20; pbn++) {
            assertEquals((int) ((pbn - 1) / 4 % 2), d.zoneOf(pbn, 2), "PBN " + pbn);
        }
        Set<Long> zone1 = new HashSet<>();
        long p;
        while ((p = d.allocateInZone(1, 2)) != 0) {
            assertEquals(1, d.zoneOf(p, 2));
            assertTrue(zone1.add(p));
        }
        assertEquals(8, zone1.size(), "zone 1 is full after its two slabs");
        assertEquals(0, d.zoneOf(d.allocateInZone(0, 2), 2), "zone 0 still allocates");
        SlabDepot small = new SlabDepot(1 + 2, 4); // one slab: a second zone owns none
        assertEquals(0, small.allocateInZone(1, 2));
        assertTrue(small.allocateInZone(0, 2) != 0);
    }

    @Test
    void dedupeIndexRemembersAndForgetsBoundedly() {
        DedupeIndex idx = new DedupeIndex(16); // 16 sets x 8 ways
        assertEquals(128, idx.capacity());
        idx.update(1, 2, BlockMapEntry.pack(5, 1));
        assertEquals(BlockMapEntry.pack(5, 1), idx.lookup(1, 2));
        assertEquals(0, idx.lookup(1, 3), "h2 must match too");
        idx.update(1, 2, BlockMapEntry.pack(6, 3));
        assertEquals(BlockMapEntry.pack(6, 3), idx.lookup(1, 2));
        // 9 names in one set (same h1 high bits): the oldest is evicted, memory stays bounded
        for (long k = 0; k < 9; k++) {
            idx.update(7L << 32 | k, k, BlockMapEntry.pack(100 + k, 1));
        }
        int found = 0;
        for (long k = 0; k < 9; k++) {
            if (idx.lookup(7L << 32 | k, k) != 0) {
                found++;
            }
        }
        assertEquals(8, found);
    }

    @Test
    void longObjectMapMatchesHashMapUnderRandomChurn() {
        LongObjectMap<Object> m = new LongObjectMap<>(4);
        Map<Long, Object> ref = new HashMap<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(300) * 1024L; // clustered keys exercise probing and backward shifts
            Object cur = ref.get(k);
            if (cur == null && r.nextInt(3) > 0) {
                Object v = new Object();
                m.put(k, v);
                ref.put(k, v);
            } else if (cur != null) {
                assertFalse(m.remove(k, new Object()), "remove needs the same value");
                assertTrue(m.remove(k, cur));
                ref.remove(k);
            }
            if (i % 1000 == 0) {
                for (int j = 0; j < 300; j++) {
                    assertEquals(ref.get(j * 1024L), m.get(j * 1024L));
                }
                assertEquals(ref.size(), m.size());
            }
        }
        assertNull(m.get(-1));
    }

    @Test
    void blockMapAllocatesPagesOnWritesOnly() {
        BlockMap bm = new BlockMap(5000);
        assertEquals(0, bm.get(4000));
        bm.put(4000, 0); // a discard into an absent page
        assertEquals(0, bm.allocatedPages());
        bm.put(4000, BlockMapEntry.pack(0, 1)); // a zero block allocates the page
        assertEquals(1, bm.allocatedPages());
        assertTrue(bm.pageAllocated(4000 - 4000 % 812));
        assertEquals(BlockMapEntry.pack(0, 1), bm.get(4000));
        assertEquals(0, bm.get(4001));
    }
}
