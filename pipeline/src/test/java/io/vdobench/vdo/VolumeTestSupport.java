package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.BlockMapEntry;
import java.util.HashMap;
import java.util.Map;

final class VolumeTestSupport {
    private VolumeTestSupport() {
    }

    static byte[] block(DataKind kind, long seed) {
        return kind.generate(4096, seed);
    }

    /**
     * One 4 KiB write, then (with threads) a wait until no thread of the volume has work: the next
     * request meets this one where the inline execution would (done, or parked in the packer).
     */
    static void write(VdoVolume v, long lbn, byte[] data) {
        v.write(lbn, data, 0, 4096);
        v.awaitQuiescent();
    }

    static void assertReads(VdoVolume v, long lbn, byte[] expected) {
        byte[] got = new byte[4096];
        v.read(lbn, got, 0, 4096);
        assertArrayEquals(expected, got, "LBN " + lbn);
    }

    /** Every data block's reference count equals the number of LBNs mapped to it; returns blocks in use. */
    static long assertReferenceCountsConsistent(VdoVolume v) {
        Map<Long, Integer> refs = new HashMap<>();
        for (long lbn = 0; lbn < v.logicalBlocks(); lbn++) {
            BlockMapEntry e = v.mapping(lbn);
            if (e.pbn() != 0) {
                refs.merge(e.pbn(), 1, Integer::sum);
            }
        }
        for (long pbn = 1; pbn <= v.physicalDataBlocks(); pbn++) {
            assertEquals(refs.getOrDefault(pbn, 0).intValue(), v.referenceCount(pbn), "refcount of PBN " + pbn);
        }
        assertEquals(refs.size(), v.statistics().dataBlocksUsed(), "data blocks used");
        return refs.size();
    }
}
