package io.vdobench.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vdobench.codec.CorruptFragmentException;
import io.vdobench.codec.Lz4JavaCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kernel → host: the stock dm-vdo module (Debian 13 kernel, in QEMU) writes known data with
 * compression on; the host then finds the packed blocks it wrote in the backing image, checks their
 * format and decodes every fragment back to the logical block it belongs to.
 *
 * <p>Runs only in the {@code kernel} Maven profile ({@code mvn -Pkernel verify}).
 */
@Tag("kernel")
class KernelWritesTest {
    private static KernelWritesRun run;

    @BeforeAll
    static void boot() throws Exception {
        run = KernelWritesRun.get();
        KernelCheckReport.put("kernel", run.boot().env().getOrDefault("KERNEL_RELEASE", "?"));
        KernelCheckReport.put("vdo", run.boot().env().getOrDefault("VDO_PACKAGE_VERSION", "?"));
        KernelCheckReport.put("dm_vdo_target", java.nio.file.Files.readAllLines(run.boot().result("dm-targets.txt"))
                .stream().filter(l -> l.startsWith("vdo ")).map(l -> l.replaceAll("\\s+", " ").trim())
                .findFirst().orElse("?"));
        KernelCheckReport.put("accel", run.boot().env().getOrDefault("ACCEL", "?"));
        KernelCheckReport.put("kernel_writes_boot_seconds", run.boot().env().getOrDefault("BOOT_WALL_SECONDS", "?"));
    }

    @Test
    void guestRanTheStockKernelAndDmVdo() {
        Map<String, String> env = run.boot().env();
        assertTrue(env.getOrDefault("KERNEL_RELEASE", "").startsWith("6.12."), "kernel release " + env);
        assertTrue(env.getOrDefault("MODULES", "").contains("dm-vdo.ko"), "dm-vdo module loaded: " + env);
        assertEquals("normal", run.vdostats().get("operating mode"));
    }

    @Test
    void readBackEqualsWhatWasWritten() {
        byte[] rb = run.readback();
        assertEquals((long) KernelWritesData.BLOCKS * KernelWritesData.BLOCK, rb.length, "read-back length");
        for (int lbn = 0; lbn < KernelWritesData.BLOCKS; lbn++) {
            if (!KernelWritesData.sameAs(lbn, rb, lbn * KernelWritesData.BLOCK)) {
                fail("LBN " + lbn + " (" + KernelWritesData.kindOf(lbn) + ") read back different data");
            }
        }
    }

    @Test
    void kernelWroteCompressedBlocksWithHeader10() {
        long blocks = run.vdostat("compressed blocks written");
        long fragments = run.vdostat("compressed fragments written");
        assertTrue(blocks > 0, "the stock kernel wrote no compressed block (vdostats)");
        assertTrue(fragments >= 2 * blocks, "every packed block holds >= 2 fragments: " + fragments + "/" + blocks);
        List<PackedBlock> found = run.packedV1();
        for (PackedBlock p : found) {
            assertTrue(p.isVersion10(), "header version of " + p);
        }
        // Each LBN is written once, so every packed block the kernel wrote is still live and in the image.
        assertEquals(blocks, found.size(), "packed blocks found by scanning the image vs vdostats");
        assertEquals(fragments, found.stream().mapToInt(PackedBlock::usedSlots).sum(),
                "fragments in the found blocks vs vdostats");
        int maxSlots = found.stream().mapToInt(PackedBlock::usedSlots).max().orElse(0);
        KernelCheckReport.put("packed_blocks", Long.toString(blocks));
        KernelCheckReport.put("fragments", Long.toString(fragments));
        KernelCheckReport.put("max_slots_in_a_block", Integer.toString(maxSlots));
    }

    @Test
    void blockMapReconstructionAgreesWithVdodumpblockmapLba() {
        assertFalse(run.spotChecks().isEmpty(), "no --lba spot checks in the results");
        assertEquals(KernelWritesRun.SPOT_LBNS.size(), run.spotChecks().size());
        run.spotChecks().forEach((lbn, m) ->
                assertEquals(m, run.blockMap().get(lbn), "LBN " + lbn + ": --lba says " + m));
    }

    @Test
    void blockMapMatchesTheKindsOfDataWritten() {
        java.util.TreeMap<Long, BlockMapDump.Mapping> map = run.blockMap();
        int unshared = 0;
        for (long lbn = 0; lbn < KernelWritesData.BLOCKS; lbn++) {
            BlockMapDump.Mapping m = map.get(lbn);
            assertNotNull(m, "LBN " + lbn + " has no block map entry");
            switch (KernelWritesData.kindOf(lbn)) {
                case ZEROS -> assertTrue(m.zeroBlock(), "zero block LBN " + lbn + " -> " + m);
                case RANDOM -> assertEquals(1, m.state(), "incompressible LBN " + lbn + " -> " + m);
                case DUPLICATE -> {
                    // Dedupe is best effort: a UDS query that times out writes a fresh copy. Only then
                    // may a duplicate have its own mapping.
                    if (!m.equals(map.get(lbn - KernelWritesData.DUPLICATE_DISTANCE))) {
                        assertTrue(run.vdostat("dedupe advice timeouts") > 0 && m.pbn() != 0,
                                "duplicate LBN " + lbn + " does not share its original's mapping: " + m);
                        unshared++;
                    }
                }
                default -> assertTrue(m.pbn() != 0, "LBN " + lbn + " -> " + m);
            }
        }
        KernelCheckReport.put("duplicates_not_deduplicated", Integer.toString(unshared));
        assertTrue(map.keySet().stream().allMatch(l -> l < KernelWritesData.BLOCKS),
                "mappings beyond the written range: " + map.tailMap((long) KernelWritesData.BLOCKS));
    }

    /** The decode direction: every fragment of every packed block decodes to its logical block. */
    @Test
    void everyFragmentDecodesToItsLogicalBlock() {
        Map<Long, PackedBlock> byPbn = new HashMap<>();
        run.packedV1().forEach(p -> byPbn.put(p.pbn(), p));
        Set<String> slotsReferenced = new HashSet<>();
        Set<String> slotsDecoded = new HashSet<>();
        List<String> failures = new ArrayList<>();
        int decoded = 0;
        int compressedLbns = 0;
        try (Lz4JavaCodec lz4 = new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA)) {
            byte[] out = new byte[4096];
            for (var e : run.blockMap().entrySet()) {
                BlockMapDump.Mapping m = e.getValue();
                if (!m.compressed()) {
                    continue;
                }
                compressedLbns++;
                PackedBlock p = byPbn.get(m.pbn());
                if (p == null) {
                    failures.add("LBN " + e.getKey() + " maps to PBN " + m.pbn() + " slot " + m.slot()
                            + " but the scan found no packed block there");
                    continue;
                }
                if (m.slot() >= p.usedSlots()) {
                    failures.add("LBN " + e.getKey() + " maps to unused slot " + m.slot() + " of " + p);
                    continue;
                }
                slotsReferenced.add(p.pbn() + ":" + m.slot());
                try {
                    Arrays.fill(out, (byte) 0x55);
                    lz4.decompress(p.raw(), p.fragmentOffset(m.slot()), p.sizes()[m.slot()], out, 0, 4096);
                    if (KernelWritesData.sameAs(e.getKey(), out, 0)) {
                        decoded++;
                        slotsDecoded.add(p.pbn() + ":" + m.slot());
                    } else {
                        failures.add("LBN " + e.getKey() + ": fragment " + m.slot() + " of " + p + " decodes to other data");
                    }
                } catch (CorruptFragmentException ex) {
                    failures.add("LBN " + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        int totalSlots = run.packedV1().stream().mapToInt(PackedBlock::usedSlots).sum();
        KernelCheckReport.put("decoded_lbns", decoded + "/" + compressedLbns);
        KernelCheckReport.put("referenced_slots", slotsReferenced.size() + "/" + totalSlots);
        // Fragments (slots) of the packed blocks found that decoded to their logical block's data.
        KernelCheckReport.put("decoded_fragments", slotsDecoded.size() + "/" + totalSlots);
        assertTrue(compressedLbns > 0, "no LBN is mapped to a compressed slot");
        assertEquals(List.of(), failures);
        assertEquals(totalSlots, slotsReferenced.size(), "slots of found packed blocks that no LBN references");
    }
}
