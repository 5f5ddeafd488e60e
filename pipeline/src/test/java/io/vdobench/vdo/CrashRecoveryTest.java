package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.storage.BlockDevice;
import io.vdobench.vdo.storage.CrashRecordingDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash consistency, as dm-log-writes replay and CrashMonkey test it: a seeded workload of writes
 * (unique, duplicate, compressible, zero), overwrites, discards and flushes runs on a
 * {@link CrashRecordingDevice}; for hundreds of crash points (prefixes of its log, unflushed writes
 * lost, written or torn) the crashed image is reopened, and every LBN must read what it held at
 * the last completed flush or what a later write gave it (never anything else), and every
 * reference count must equal the LBNs mapped to its block. A small journal makes the ring wrap and
 * checkpoint many times; a small volume makes freed blocks come back.
 */
class CrashRecoveryTest {
    private static final long SEED = Long.getLong("vdobench.crash.seed", 0x5eed17L);
    private static final int CRASH_POINTS = Integer.getInteger("vdobench.crash.points", 300);
    private static final int LOGICAL = 600;
    private static final int OPERATIONS = 3000;

    /** A workload's flush: where it ended in the device log, and each LBN's version when it was called. */
    private record FlushPoint(int logEnd, long[] versions, int opIndex) {}

    /**
     * Inline the device log is the same on every run of a seed; with threads the steps interleave
     * differently each run (the crash points still come from the seed), so half as many are tried.
     */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void everyFlushedBlockSurvivesEveryCrashPoint(Execution ex) {
        int crashPoints = ex == Execution.INLINE ? CRASH_POINTS : CRASH_POINTS / 2;
        Random rnd = new Random(SEED);
        VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(LOGICAL).maxDataVios(300).journalBlocks(16).slabBlocks(256)
                .execution(ex);
        CrashRecordingDevice dev = new CrashRecordingDevice(b.deviceBlocks());
        long[] versions = new long[LOGICAL]; // 0 = zeros (never written, discarded, zero block)
        List<List<long[]>> history = new ArrayList<>(); // per LBN: {opIndex, version}
        for (int i = 0; i < LOGICAL; i++) {
            history.add(new ArrayList<>());
        }
        List<FlushPoint> flushes = new ArrayList<>();
        Map<Long, byte[]> contents = new HashMap<>();
        VdoVolume v = b.storage(dev).build();
        flushes.add(new FlushPoint(dev.logSize(), versions.clone(), -1)); // the format is flushed
        for (int op = 0; op < OPERATIONS; op++) {
            int lbn = rnd.nextInt(LOGICAL);
            int kind = rnd.nextInt(100);
            if (kind < 3) {
                v.flush();
                flushes.add(new FlushPoint(dev.logSize(), versions.clone(), op));
                continue;
            }
            long version;
            if (kind < 10) {
                int n = 1 + rnd.nextInt(4);
                n = Math.min(n, LOGICAL - lbn);
                v.discard(lbn, n);
                for (int i = 0; i < n; i++) {
                    versions[lbn + i] = 0;
                    history.get(lbn + i).add(new long[] {op, 0});
                }
                continue;
            } else if (kind < 15) {
                version = 0; // a zero block
            } else if (kind < 40) {
                version = 1 + rnd.nextInt(20); // duplicates of a few blocks
            } else {
                version = 1000 + op; // a new block, compressible or not
            }
            v.write(lbn, content(contents, version), 0, 4096);
            versions[lbn] = version;
            history.get(lbn).add(new long[] {op, version});
        }
        v.flush();
        flushes.add(new FlushPoint(dev.logSize(), versions.clone(), OPERATIONS));
        int logSize = dev.logSize();
        long[] activity = v.journalActivity();
        assertTrue(activity[1] > 5, "the journal ring should wrap and checkpoint: " + Arrays.toString(activity));

        TreeSet<Integer> points = new TreeSet<>();
        for (FlushPoint f : flushes) {
            points.add(f.logEnd());
        }
        while (points.size() < crashPoints) {
            // from the formatted volume (its super block flushed) to the end of the log
            points.add(flushes.get(0).logEnd() + rnd.nextInt(logSize - flushes.get(0).logEnd() + 1));
        }
        CrashRecordingDevice.Replayer replayer = dev.replayer();
        long checked = 0;
        long lost = 0;
        long replayedEntries = 0;
        long slabJournalBlocks = 0;
        long torn = 0;
        int tried = 0;
        List<String> failures = new ArrayList<>();
        for (int point : points) {
            FlushPoint f = lastFlushWithin(flushes, point);
            BlockDevice image = replayer.crash(point, rnd);
            torn += replayer.torn;
            tried++;
            try (VdoVolume r = VdoVolume.builder().storage(image).execution(ex).open()) {
                assertFalse(r.openReport().clean(), "a crash image is never clean");
                replayedEntries += r.openReport().journalEntriesReplayed();
                slabJournalBlocks += r.openReport().slabJournalBlocksReplayed();
                byte[] got = new byte[4096];
                for (int lbn = 0; lbn < LOGICAL; lbn++) {
                    r.read(lbn, got, 0, 4096);
                    boolean ok = Arrays.equals(got, content(contents, f.versions()[lbn]));
                    for (long[] h : history.get(lbn)) {
                        if (!ok && h[0] > f.opIndex()) {
                            ok = Arrays.equals(got, content(contents, h[1]));
                        }
                    }
                    if (f.versions()[lbn] != 0) {
                        checked++;
                    }
                    if (!ok) {
                        lost++;
                        if (failures.size() < 5) {
                            failures.add("crash point " + point + " LBN " + lbn + " flushed version " + f.versions()[lbn]);
                        }
                    }
                }
                VolumeTestSupport.assertReferenceCountsConsistent(r);
                if (tried % 25 == 0) {
                    // the recovered volume keeps working: a write, a clean close, a clean reopen
                    r.write(0, content(contents, 7), 0, 4096);
                    r.close();
                    try (VdoVolume again = VdoVolume.builder().storage(image).execution(ex).open()) {
                        assertTrue(again.openReport().clean());
                        VolumeTestSupport.assertReads(again, 0, content(contents, 7));
                        VolumeTestSupport.assertReferenceCountsConsistent(again);
                    }
                }
            }
        }
        System.out.printf("CrashRecoveryTest (%s): seed %#x, %d operations, %d logged device operations (%d flushes), "
                        + "%d crash points tried, %d flushed blocks checked, %d lost; %d journal entries and %d slab journal "
                        + "blocks replayed, %d torn writes; journal commits %d, checkpoints %d%n",
                ex.name().toLowerCase(java.util.Locale.ROOT), SEED, OPERATIONS, logSize, dev.flushesBefore(logSize), tried, checked, lost, replayedEntries, slabJournalBlocks, torn,
                activity[0], activity[1]);
        assertEquals(List.of(), failures);
        assertEquals(0, lost);
        assertTrue(tried >= crashPoints && checked > 0);
        if (ex == Execution.INLINE) {
            assertTrue(slabJournalBlocks > 0, "this seed's crash images hold slab journal blocks to replay");
        }
    }

    private static FlushPoint lastFlushWithin(List<FlushPoint> flushes, int point) {
        FlushPoint best = flushes.get(0);
        for (FlushPoint f : flushes) {
            if (f.logEnd() <= point) {
                best = f;
            }
        }
        return best;
    }

    /** Version 0 is zeros; 1..20 are shared blocks; others a block of its own (2 in 3 compressible). */
    private static byte[] content(Map<Long, byte[]> contents, long version) {
        return contents.computeIfAbsent(version, k -> {
            if (k == 0) {
                return new byte[4096];
            }
            DataKind kind = k % 3 == 0 ? DataKind.RANDOM : DataKind.FIO60;
            return kind.generate(4096, k);
        });
    }

    @Test
    void aCleanCloseReopensWithEverythingAndACrashAfterAFlushKeepsIt() {
        Map<Long, byte[]> contents = new HashMap<>();
        VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(2000).journalBlocks(64);
        CrashRecordingDevice dev = new CrashRecordingDevice(b.deviceBlocks());
        try (VdoVolume v = b.storage(dev).build()) {
            for (int i = 0; i < 2000; i++) {
                v.write(i, content(contents, i % 7 == 0 ? 0 : 1000 + i % 300), 0, 4096);
            }
        }
        try (VdoVolume v = VdoVolume.open(dev)) {
            assertTrue(v.openReport().clean());
            assertEquals(2000, v.openReport().logicalBlocksUsed()); // zero blocks are mapped {PBN 0, state 1}
            byte[] got = new byte[4096];
            for (int i = 0; i < 2000; i++) {
                v.read(i, got, 0, 4096);
                assertArrayEquals(content(contents, i % 7 == 0 ? 0 : 1000 + i % 300), got, "LBN " + i);
            }
            VolumeTestSupport.assertReferenceCountsConsistent(v);
            for (int i = 0; i < 500; i++) {
                v.write(i, content(contents, 5000 + i), 0, 4096);
            }
            v.flush();
            int flushed = dev.logSize();
            for (int i = 0; i < 100; i++) {
                v.write(i, content(contents, 9000 + i), 0, 4096); // after the flush: may be lost
            }
            BlockDevice image = dev.replayer().crash(flushed, new Random(1));
            try (VdoVolume r = VdoVolume.open(image)) {
                assertFalse(r.openReport().clean());
                assertTrue(r.openReport().journalEntriesReplayed() >= 500, r.openReport().toString());
                for (int i = 0; i < 2000; i++) {
                    r.read(i, got, 0, 4096);
                    long version = i < 500 ? 5000 + i : (i % 7 == 0 ? 0 : 1000 + i % 300);
                    assertArrayEquals(content(contents, version), got, "LBN " + i);
                }
                VolumeTestSupport.assertReferenceCountsConsistent(r);
            }
        }
    }

    /** A FUA write is durable when it returns (no flush), and is not compressed, as dm-vdo skips the packer for FUA. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void aFuaWriteSurvivesACrashWithoutAFlush(Execution ex) {
        Map<Long, byte[]> contents = new HashMap<>();
        VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(100).journalBlocks(16).execution(ex);
        CrashRecordingDevice dev = new CrashRecordingDevice(b.deviceBlocks());
        VdoVolume v = b.storage(dev).build();
        for (int i = 0; i < 20; i++) {
            v.write(i, content(contents, 1000 + 3 * i + 1), 0, 4096, true); // compressible, FUA
            int durable = dev.logSize();
            v.write(50 + i, content(contents, 5000 + i), 0, 4096); // no FUA: may be lost
            try (VdoVolume r = VdoVolume.open(dev.replayer().crash(durable, new Random(i)))) {
                for (int k = 0; k <= i; k++) {
                    VolumeTestSupport.assertReads(r, k, content(contents, 1000 + 3 * k + 1));
                }
                VolumeTestSupport.assertReferenceCountsConsistent(r);
            }
        }
        assertEquals(0, v.statistics().packedBlocksWritten(), v.statistics().format());
    }

    /** {@code metadata(false)}: the model before #17, data blocks only, nothing to reopen; its paths stay consistent. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void withoutMetadataTheDeviceHoldsDataOnly(Execution ex) {
        Map<Long, byte[]> contents = new HashMap<>();
        io.vdobench.vdo.storage.MemoryBlockDevice dev = new io.vdobench.vdo.storage.MemoryBlockDevice(300);
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(200).storage(dev).metadata(false).execution(ex).build()) {
            assertFalse(v.persistent());
            assertEquals(299, v.physicalDataBlocks(), "the whole device is data");
            for (int i = 0; i < 200; i++) {
                VolumeTestSupport.write(v, i, content(contents, 1000 + i % 50));
            }
            v.discard(0, 10);
            for (int i = 10; i < 200; i++) {
                VolumeTestSupport.assertReads(v, i, content(contents, 1000 + i % 50));
            }
            v.flush();
            VolumeTestSupport.assertReferenceCountsConsistent(v);
        }
        VdoException e = assertThrows(VdoException.class, () -> VdoVolume.open(dev));
        assertEquals(VdoStatus.BAD_SUPER_BLOCK, e.status(), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VdoVolume.builder().storage(dev).metadata(false).open());
    }

    /** Opening what is not a whole volume is a typed error, never a stack trace from deep inside. */
    @Test
    void badDevicesAreTypedErrors() {
        VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(100).journalBlocks(16);
        CrashRecordingDevice dev = new CrashRecordingDevice(b.deviceBlocks());
        b.storage(dev).build().close();
        byte[] block0 = new byte[4096];
        dev.read(0, block0, 0);
        byte[] damaged = block0.clone();
        damaged[20] ^= 1; // inside the encoded fields: the CRC no longer matches
        io.vdobench.vdo.storage.MemoryBlockDevice copy = new io.vdobench.vdo.storage.MemoryBlockDevice(dev.blockCount());
        copy.write(0, damaged, 0);
        VdoException crc = assertThrows(VdoException.class, () -> VdoVolume.open(copy));
        assertEquals(VdoStatus.BAD_SUPER_BLOCK, crc.status());
        assertTrue(crc.getMessage().contains("checksum"), crc.getMessage());
        io.vdobench.vdo.storage.MemoryBlockDevice small = new io.vdobench.vdo.storage.MemoryBlockDevice(50);
        small.write(0, block0, 0);
        VdoException size = assertThrows(VdoException.class, () -> VdoVolume.open(small));
        assertEquals(VdoStatus.BAD_CONFIGURATION, size.status(), size.getMessage());
        io.vdobench.vdo.storage.MemoryBlockDevice tiny = new io.vdobench.vdo.storage.MemoryBlockDevice(5);
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> VdoVolume.builder().logicalBlocks(100).storage(tiny).build());
        assertTrue(full.getMessage().contains("too few for the volume's data and metadata"), full.getMessage());
    }
}
