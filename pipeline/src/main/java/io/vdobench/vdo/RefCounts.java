package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.storage.BlockDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The slabs' reference count blocks on the device (dm-vdo {@code slab-depot.c}'s
 * {@code reference_block}s, {@code pack_reference_block}): per 512-byte sector an 8-byte journal
 * point and 504 one-byte counts, 4032 counts per block; a slab's counts start in a block of their
 * own. The journal point is the recovery journal's position when the counts were saved.
 * Written when the volume closes cleanly and loaded when it opens after a clean close; after a
 * crash the counts are rebuilt from the block map instead ({@link SlabDepot#rebuildFrom}).
 */
final class RefCounts {
    private RefCounts() {}

    private static final int SECTOR = 512;

    static void save(SlabDepot depot, BlockDevice storage, long origin, long journalPoint) {
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long block = origin;
        for (SlabDepot.Slab s : depot.slabs()) {
            synchronized (s) {
                for (int first = 0; first < s.counts.length; first += VdoLayout.COUNTS_PER_BLOCK) {
                    java.util.Arrays.fill(b, (byte) 0);
                    for (int sector = 0; sector < 8; sector++) {
                        bb.putLong(sector * SECTOR, journalPoint);
                        int from = first + sector * VdoLayout.COUNTS_PER_SECTOR;
                        int n = Math.max(0, Math.min(VdoLayout.COUNTS_PER_SECTOR, s.counts.length - from));
                        for (int i = 0; i < n; i++) {
                            int c = s.counts[from + i] & 0xFF;
                            b[sector * SECTOR + 8 + i] = (byte) (c == SlabDepot.PROVISIONAL ? 0 : c);
                        }
                    }
                    storage.write(block++, b, 0);
                }
            }
        }
    }

    static void load(SlabDepot depot, BlockDevice storage, long origin) {
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        long block = origin;
        for (SlabDepot.Slab s : depot.slabs()) {
            for (int first = 0; first < s.counts.length; first += VdoLayout.COUNTS_PER_BLOCK) {
                storage.read(block++, b, 0);
                for (int sector = 0; sector < 8; sector++) {
                    int from = first + sector * VdoLayout.COUNTS_PER_SECTOR;
                    int n = Math.min(VdoLayout.COUNTS_PER_SECTOR, s.counts.length - from);
                    if (n <= 0) {
                        break;
                    }
                    System.arraycopy(b, sector * SECTOR + 8, s.counts, from, n);
                }
            }
        }
        depot.recountFree();
    }
}
