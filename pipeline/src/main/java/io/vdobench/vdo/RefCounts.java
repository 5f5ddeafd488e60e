package io.vdobench.vdo;

import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.storage.BlockDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The slabs' reference count blocks on the device (dm-vdo {@code slab-depot.c}'s
 * {@code reference_block}s, {@code pack_reference_block}): per 512-byte sector an 8-byte slab
 * journal point and 504 one-byte counts, 4032 counts per block; a slab's counts start in a block
 * of their own. A sector's point is where its slab's journal stood when it was saved: entries from
 * that point on are not in it. Saved at every checkpoint and at a clean close, from the journaled
 * counts (what the recovery journal's entries imply); loaded at open, then brought up to date by
 * the slab journals and the recovery journal ({@link RecoveryJournal#recover}).
 */
final class RefCounts {
    private RefCounts() {}

    private static final int SECTOR = 512;

    /** Saves every slab's journaled counts, each sector with its slab journal's next point; {@code bb}: a little-endian view of 4 KiB scratch. */
    static void save(SlabDepot depot, BlockDevice storage, long origin, ByteBuffer bb) {
        byte[] b = bb.array();
        long block = origin;
        for (SlabDepot.Slab s : depot.slabs()) {
            long point = s.journal.nextPoint();
            for (int first = 0; first < s.journaled.length; first += VdoLayout.COUNTS_PER_BLOCK) {
                java.util.Arrays.fill(b, (byte) 0);
                for (int sector = 0; sector < 8; sector++) {
                    int from = first + sector * VdoLayout.COUNTS_PER_SECTOR;
                    int n = Math.min(VdoLayout.COUNTS_PER_SECTOR, s.journaled.length - from);
                    if (n <= 0) {
                        break;
                    }
                    bb.putLong(sector * SECTOR, point);
                    System.arraycopy(s.journaled, from, b, sector * SECTOR + 8, n);
                    s.sectorPoints[from / VdoLayout.COUNTS_PER_SECTOR] = point;
                }
                storage.write(block++, b, 0);
            }
        }
    }

    /** Loads the counts (into the journaled counts) and each sector's point; never-written blocks read as zero counts at point 0. */
    static void load(SlabDepot depot, BlockDevice storage, long origin) {
        byte[] b = new byte[VdoConstants.BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long block = origin;
        for (SlabDepot.Slab s : depot.slabs()) {
            for (int first = 0; first < s.journaled.length; first += VdoLayout.COUNTS_PER_BLOCK) {
                storage.read(block++, b, 0);
                for (int sector = 0; sector < 8; sector++) {
                    int from = first + sector * VdoLayout.COUNTS_PER_SECTOR;
                    int n = Math.min(VdoLayout.COUNTS_PER_SECTOR, s.journaled.length - from);
                    if (n <= 0) {
                        break;
                    }
                    s.sectorPoints[from / VdoLayout.COUNTS_PER_SECTOR] = bb.getLong(sector * SECTOR);
                    System.arraycopy(b, sector * SECTOR + 8, s.journaled, from, n);
                }
            }
        }
    }

    /** The live counts become the journaled ones (at open, when no request runs). */
    static void adopt(SlabDepot depot) {
        for (SlabDepot.Slab s : depot.slabs()) {
            System.arraycopy(s.journaled, 0, s.counts, 0, s.counts.length);
        }
        depot.recountFree();
    }
}
