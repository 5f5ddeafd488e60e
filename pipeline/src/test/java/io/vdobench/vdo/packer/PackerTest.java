package io.vdobench.vdo.packer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.MappingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PackerTest {

    /** An entry whose fragment bytes are all {@code fill}. */
    static PackerEntry entry(int size, int fill, CompressionAlgorithm alg) {
        PackerEntry e = new PackerEntry();
        Arrays.fill(e.compressedBlock(), 36, 36 + size, (byte) fill);
        Arrays.fill(e.compressedBlock(), 36 + size, 4096, (byte) 0xEE); // stale bytes, like dm-vdo
        e.setFragment(size, alg, ExecutionPath.JAVA);
        e.advanceCompressionStage(); // launch_compress_data_vio: on its way to the packer
        return e;
    }

    static PackerEntry lz4(int size, int fill) {
        return entry(size, fill, CompressionAlgorithm.LZ4);
    }

    @Test
    void slotsAreInReverseArrivalOrderWithTheLastAddedAsAgent() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        PackerEntry first = lz4(100, 1);
        PackerEntry second = lz4(200, 2);
        PackerEntry third = lz4(300, 3);
        assertEquals(Packer.Outcome.PARKED, p.add(first, b));
        assertEquals(Packer.Outcome.PARKED, p.add(second, b));
        assertEquals(Packer.Outcome.PARKED, p.add(third, b));
        assertEquals(3, p.fragmentsInPacker());
        assertTrue(p.flushNext(b));
        assertEquals(3, b.count());
        assertSame(third, b.member(0));
        assertSame(second, b.member(1));
        assertSame(first, b.member(2));
        assertEquals(0, third.slot());
        assertEquals(2, first.slot());
        byte[] block = b.block();
        assertSame(third.compressedBlock(), block, "the agent's own buffer is the block (no copy of its fragment)");
        assertEquals(CompressedBlockVersion.V1_0, b.version());
        byte[] header = Arrays.copyOf(block, 36);
        byte[] expected = new byte[36];
        expected[0] = 1;
        expected[8] = (byte) 300; expected[9] = 1;   // 300 = 0x012c
        expected[10] = (byte) 200;
        expected[12] = 100;
        assertArrayEquals(expected, header);
        for (int i = 36; i < 336; i++) assertEquals(3, block[i]);
        for (int i = 336; i < 536; i++) assertEquals(2, block[i]);
        for (int i = 536; i < 636; i++) assertEquals(1, block[i]);
        assertEquals(0, p.fragmentsInPacker());
        assertFalse(p.flushNext(b));
    }

    @Test
    void writesWhenFourteenSlotsAreUsed() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        List<PackerEntry> es = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            es.add(lz4(10, i));
            assertEquals(Packer.Outcome.PARKED, p.add(es.get(i), b));
        }
        PackerEntry last = lz4(10, 13);
        assertEquals(Packer.Outcome.BATCH, p.add(last, b));
        assertEquals(14, b.count());
        assertSame(last, b.member(0));
        assertSame(es.get(0), b.member(13));
        for (int s = 0; s < 14; s++) {
            FragmentLocation loc = new FragmentLocation();
            CompressedBlock.locate(b.block(), 0, MappingState.compressed(s), loc);
            assertEquals(10 * s, loc.offset());
            assertEquals(13 - s, b.block()[loc.blockOffset()], "slot " + s + " holds arrival " + (13 - s));
        }
        assertEquals(0, p.fragmentsInPacker());
    }

    @Test
    void writesWhenExactlyFull() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        assertEquals(Packer.Outcome.PARKED, p.add(lz4(2000, 1), b));
        assertEquals(Packer.Outcome.BATCH, p.add(lz4(2060, 2), b));
        assertEquals(2, b.count());
        assertEquals(4060, CompressedBlock.slotSize(b.block(), 0, CompressedBlockVersion.V1_0, 0)
                + CompressedBlock.slotSize(b.block(), 0, CompressedBlockVersion.V1_0, 1));
    }

    @Test
    void firstBestFitPicksTheFullestBinThatFits() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        PackerEntry a = lz4(3000, 1);
        p.add(a, b); // bin 0 -> free 1060
        PackerEntry c = lz4(2000, 2);
        p.add(c, b); // does not fit bin 0 -> bin 1 -> free 2060
        assertEquals(1060, p.freeSpaces()[0]);
        assertEquals(2060, p.freeSpaces()[1]);
        assertEquals(0, p.binOrder()[0]);
        assertEquals(1, p.binOrder()[1]);
        PackerEntry d = lz4(1000, 3);
        p.add(d, b); // fits bin 0 (1060) and bin 1 (2060): the fullest (bin 0) wins
        assertEquals(60, p.freeSpaces()[0]);
        PackerEntry e = lz4(1500, 4);
        p.add(e, b); // only bin 1 (2060) of the partial bins fits
        assertEquals(560, p.freeSpaces()[1]);
        assertEquals(0, p.binOrder()[0]);
        assertEquals(1, p.binOrder()[1]);
        int[] f = p.freeSpaces();
        for (int i = 1; i < f.length; i++) {
            assertTrue(f[i - 1] <= f[i], "ascending free space " + Arrays.toString(f));
        }
    }

    @Test
    void equalFreeSpaceKeepsListOrderAndAResetBinGoesLast() {
        Packer p = new Packer(3, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        assertArrayEquals(new int[] {0, 1, 2}, p.binOrder());
        p.add(lz4(2000, 1), b); // bin 0
        assertArrayEquals(new int[] {0, 1, 2}, p.binOrder());
        p.add(lz4(2060, 2), b); // fills bin 0 exactly -> written -> reset bin goes after the equal (empty) bins
        assertEquals(2, b.count());
        assertArrayEquals(new int[] {1, 2, 0}, p.binOrder());
    }

    @Test
    void overflowWritesTheFullestBinWhenTheFragmentIsSmallerThanItsUsedBytes() {
        Packer p = new Packer(1, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        PackerEntry big = lz4(3000, 1);
        assertEquals(Packer.Outcome.PARKED, p.add(big, b));
        PackerEntry mid = lz4(2000, 2); // 2000 < 3000 used: overflow the bin
        assertEquals(Packer.Outcome.BATCH, p.add(mid, b));
        assertTrue(b.isSingle(), "the overflowed batch of one is written uncompressed");
        assertSame(big, b.member(0));
        assertEquals(CompressionStage.PACKING, mid.stage());
        assertEquals(2060, p.freeSpaces()[0]);
        PackerEntry huge = lz4(2500, 3); // 2500 >= 2000 used: give up, write uncompressed
        assertEquals(Packer.Outcome.REJECTED, p.add(huge, b));
        assertEquals(CompressionStage.COMPRESSING, huge.stage(), "a rejected entry never entered the packer");
        PackerEntry equal = lz4(2061, 4); // exactly...: 2061 > free 2060 and 2061 >= 2000 used -> rejected
        assertEquals(Packer.Outcome.REJECTED, p.add(equal, b));
        assertEquals(1, p.fragmentsInPacker());
    }

    @Test
    void overflowWithSeveralFragmentsProducesAPackedBlock() {
        Packer p = new Packer(1, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        p.add(lz4(1500, 1), b);
        p.add(lz4(1500, 2), b); // used 3000, free 1060
        PackerEntry next = lz4(1200, 3);
        assertEquals(Packer.Outcome.BATCH, p.add(next, b));
        assertEquals(2, b.count());
        assertEquals(CompressionStage.PACKING, next.stage());
        assertEquals(4060 - 1200, p.freeSpaces()[0]);
    }

    @Test
    void flushWritesEveryNonEmptyBinAndSinglesGoUncompressed() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        p.add(lz4(3000, 1), b);
        p.add(lz4(3000, 2), b);
        p.add(lz4(500, 3), b); // joins bin 0
        int batches = 0;
        int singles = 0;
        while (p.flushNext(b)) {
            batches++;
            if (b.isSingle()) singles++;
        }
        assertEquals(2, batches);
        assertEquals(1, singles);
        for (int f : p.freeSpaces()) assertEquals(4060, f);
    }

    @Test
    void cancelRemovesAParkedEntryOnly() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        PackerEntry x = lz4(100, 1);
        PackerEntry y = lz4(200, 2);
        PackerEntry z = lz4(300, 3);
        p.add(x, b);
        p.add(y, b);
        p.add(z, b);
        assertTrue(x.cancelCompression(), "x waits in a bin: the canceller must ask for its removal");
        assertFalse(x.cancelCompression(), "only one caller wins");
        p.remove(x); // z takes x's place in the bin
        assertEquals(4060 - 500, p.freeSpaces()[0]);
        assertEquals(2, p.fragmentsInPacker());
        assertTrue(p.flushNext(b));
        assertEquals(2, b.count());
        // after the swap the arrival array is [z, y]: popping from the end makes y the agent
        assertSame(y, b.member(0));
        assertSame(z, b.member(1));
        assertFalse(y.cancelCompression(), "an entry in a batch cannot be cancelled");
        assertEquals(CompressionStage.POST_PACKER, y.stage());
        assertThrows(IllegalStateException.class, () -> p.remove(y));
    }

    @Test
    void anEntryCancelledBeforeItReachesThePackerIsNotPacked() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        PackerEntry x = lz4(100, 1);
        assertFalse(x.cancelCompression(), "still compressing: nothing to remove, it will not park");
        assertEquals(Packer.Outcome.ABORTED, p.add(x, b));
        assertEquals(CompressionStage.POST_PACKER, x.stage());
        assertEquals(0, p.fragmentsInPacker());
    }

    @Test
    void aCancelThatLosesTheRaceToABinWriteWaitsInTheCanceledBin() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        PackerEntry x = lz4(100, 1);
        PackerEntry y = lz4(200, 2);
        p.add(x, b);
        p.add(y, b);
        assertTrue(y.cancelCompression()); // its removal request is "on its way" to the packer ...
        assertTrue(p.flushNext(b)); // ... when the bin is written
        assertTrue(b.isSingle(), "y left the batch: x is alone");
        assertSame(x, b.member(0));
        assertEquals(1, p.fragmentsInPacker(), "y waits in the canceled bin");
        assertEquals(4060, p.freeSpaces()[0]);
        p.remove(y);
        assertEquals(0, p.fragmentsInPacker());
        assertFalse(p.flushNext(b));
    }

    @Test
    void entriesOlderThanTheLastFlushAreNotPacked() {
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        p.setFlushGeneration(3);
        PackerEntry old = lz4(100, 1);
        old.setFlushGeneration(2);
        assertEquals(Packer.Outcome.ABORTED, p.add(old, b));
        PackerEntry current = lz4(100, 2);
        current.setFlushGeneration(3);
        assertEquals(Packer.Outcome.PARKED, p.add(current, b));
    }

    @Test
    void autoFormatWritesTaggedBlocksOnlyForMixedBatches() {
        PackerBatch b = new PackerBatch();
        Packer auto = new Packer(16, CompressedBlockFormat.AUTO);
        auto.add(lz4(100, 1), b);
        auto.add(entry(100, 2, CompressionAlgorithm.DEFLATE_IAA), b);
        auto.flushNext(b);
        assertEquals(CompressedBlockVersion.TAGGED_2_0, b.version());
        assertEquals(2, CompressedBlock.slotTag(b.block(), 0, 0));
        assertEquals(1, CompressedBlock.slotTag(b.block(), 0, 1));
        assertEquals(0, CompressedBlock.slotTag(b.block(), 0, 2));

        Packer tagged = new Packer(16, CompressedBlockFormat.TAGGED);
        tagged.add(lz4(100, 1), b);
        tagged.add(lz4(100, 2), b);
        tagged.flushNext(b);
        assertEquals(CompressedBlockVersion.TAGGED_2_0, b.version());
    }

    /** Every fragment is rejected or ends in exactly one batch; every packed block locates every slot; list stays sorted. */
    @Property(tries = 60)
    void randomStreamsKeepInvariants(@ForAll @Size(min = 1, max = 300) List<@IntRange(min = 1, max = 4059) Integer> sizes,
                                     @ForAll @IntRange(min = 1, max = 16) int bins) {
        Packer p = new Packer(bins, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        Set<PackerEntry> seen = new HashSet<>();
        int rejected = 0;
        int fill = 0;
        for (int size : sizes) {
            PackerEntry e = lz4(size, ++fill & 0x7F);
            Packer.Outcome o = p.add(e, b);
            if (o == Packer.Outcome.REJECTED) {
                rejected++;
            } else if (o == Packer.Outcome.BATCH) {
                check(b, seen);
            }
            int[] f = p.freeSpaces();
            for (int i = 1; i < f.length; i++) {
                assertTrue(f[i - 1] <= f[i]);
            }
        }
        while (p.flushNext(b)) {
            check(b, seen);
        }
        assertEquals(sizes.size(), seen.size() + rejected);
    }

    private static void check(PackerBatch b, Set<PackerEntry> seen) {
        int total = 0;
        for (int s = 0; s < b.count(); s++) {
            assertTrue(seen.add(b.member(s)));
            total += b.member(s).fragmentSize();
        }
        assertTrue(total <= 4060);
        if (!b.isSingle()) {
            FragmentLocation loc = new FragmentLocation();
            for (int s = 0; s < b.count(); s++) {
                CompressedBlock.locate(b.block(), 0, MappingState.compressed(s), loc);
                byte want = b.member(s) == b.member(0) ? b.block()[36] : b.member(s).compressedBlock()[36];
                assertEquals(b.member(s).fragmentSize(), loc.size());
                assertEquals(want, b.block()[loc.blockOffset() + loc.size() - 1]);
            }
        }
    }

    @Test
    void seededStressMatchesAFreeSpaceAccount() {
        SplittableRandom r = new SplittableRandom(5);
        Packer p = new Packer(16, CompressedBlockFormat.AUTO);
        PackerBatch b = new PackerBatch();
        long in = 0;
        long out = 0;
        for (int i = 0; i < 5000; i++) {
            int size = 1 + r.nextInt(2500);
            Packer.Outcome o = p.add(lz4(size, 1), b);
            if (o != Packer.Outcome.REJECTED) in++;
            if (o == Packer.Outcome.BATCH) out += b.count();
        }
        assertEquals(in - out, p.fragmentsInPacker());
    }
}
