package io.vdobench.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Host → kernel: a packed block the kernel wrote is replaced in the backing image and the stock
 * kernel reads its LBNs after a restart.
 *
 * <p>These use the harness-local rewrites of {@link BlockRewrite}; the final check needs the
 * pipeline's packer (v1) and tagged writer (v2) in their place (see conformance/kernel/README.md).
 */
@Tag("kernel")
class TransplantTest {

    @Test
    void lz4HcRepackIn10FormatReadsBackIdentical() throws Exception {
        KernelWritesRun run = KernelWritesRun.get();
        java.util.List<PackedBlock> targets = Transplant.pickTargets(run);
        Transplant.Outcome o = Transplant.run(run, targets, BlockRewrite.harnessLz4HcV1(), "harness-v1");
        // Verdict first, so run.sh can report it even when an assertion below fails.
        boolean allMatch = o.affected().stream().allMatch(l -> o.reads().get(l) != null && o.reads().get(l).ok()
                && Arrays.equals(KernelWritesData.block(l), o.reads().get(l).data()));
        KernelCheckReport.put("harness_transplant_v1", (allMatch ? "ok" : "FAIL") + " blocks=" + targets.size()
                + " slots=" + targets.stream().map(t -> Integer.toString(t.usedSlots())).toList()
                + " lbns=" + o.affected().size());
        // The transplant must actually change the bytes, or it proves nothing.
        for (int i = 0; i < targets.size(); i++) {
            assertFalse(Arrays.equals(targets.get(i).raw(), o.written().get(i)),
                    "re-packed block is byte-identical to the kernel's: " + targets.get(i));
        }
        for (long lbn : o.affected()) {
            Transplant.Read r = o.reads().get(lbn);
            assertTrue(r != null && r.ok(), "LBN " + lbn + " in the transplanted block failed to read: " + r);
            assertArrayEquals(KernelWritesData.block(lbn), r.data(), "LBN " + lbn + " data after transplant");
        }
        assertControlsIntact(o);
        assertEquals("normal", Transplant.mode(o.statusAfter()), o.statusAfter());
    }

    @Test
    void version20BlockFailsEveryReadWithIoErrorAndVolumeKeepsServing() throws Exception {
        KernelWritesRun run = KernelWritesRun.get();
        java.util.List<PackedBlock> targets = Transplant.pickTargets(run);
        Transplant.Outcome o = Transplant.run(run, targets, BlockRewrite.relabelAsVersion2(), "harness-v2");
        long returnedData = o.affected().stream().filter(l -> o.reads().get(l) != null && o.reads().get(l).ok()).count();
        KernelCheckReport.put("harness_transplant_v2", (returnedData == 0 ? "rejected" : "ACCEPTED")
                + " blocks=" + targets.size() + " lbns=" + o.affected().size() + " returned_data=" + returnedData
                + " dmesg=" + o.vdoErrors().stream().findFirst().orElse("(no vdo error line)"));
        for (long lbn : o.affected()) {
            Transplant.Read r = o.reads().get(lbn);
            assertTrue(r != null, "LBN " + lbn + " was not read");
            assertNotEquals(0, r.ddExit(), "stock kernel returned data for LBN " + lbn + " of a 2.0 block");
        }
        assertControlsIntact(o);
        assertEquals("normal", Transplant.mode(o.statusAfter()), "volume mode after the failed reads: " + o.statusAfter());
    }

    private static void assertControlsIntact(Transplant.Outcome o) {
        assertFalse(o.controls().isEmpty(), "no control LBNs");
        for (long lbn : o.controls()) {
            Transplant.Read r = o.reads().get(lbn);
            assertTrue(r != null && r.ok(), "control LBN " + lbn + " failed to read: " + r);
            assertArrayEquals(KernelWritesData.block(lbn), r.data(), "control LBN " + lbn);
        }
    }

    @Test
    void kernelValidatesPerSlotSoSlotsBeforeABadSizeStillRead() throws Exception {
        KernelWritesRun run = KernelWritesRun.get();
        PackedBlock target = Transplant.pickTarget(run);
        int bad = target.usedSlots() / 2;
        Transplant.Outcome o = Transplant.run(run, target, BlockRewrite.oversizeSlot(bad), "harness-bad-slot");
        int good = 0;
        int failed = 0;
        for (long lbn : o.affected()) {
            int slot = run.blockMap().get(lbn).slot();
            Transplant.Read r = o.reads().get(lbn);
            if (slot < bad) {
                assertTrue(r != null && r.ok(), "slot " + slot + " (before the bad size) failed: LBN " + lbn);
                assertArrayEquals(KernelWritesData.block(lbn), r.data(), "LBN " + lbn);
                good++;
            } else {
                assertTrue(r != null && !r.ok(), "slot " + slot + " (bad size at " + bad + ") returned data: LBN " + lbn);
                failed++;
            }
        }
        assertTrue(good > 0 && failed > 0, "both sides of the bad slot were read");
        assertControlsIntact(o);
        assertEquals("normal", Transplant.mode(o.statusAfter()), o.statusAfter());
        KernelCheckReport.put("harness_per_slot_validation", "ok bad_slot=" + bad + " read=" + good + " eio=" + failed);
    }

    /**
     * What an untagged DEFLATE writer would cause: DEFLATE fragments under a 1.0 header. The stock
     * kernel feeds them to LZ4; here every read must fail (EIO) and never return data. This is an
     * observation about these inputs, not a guarantee for all DEFLATE streams; only the version/tag
     * check of the tagged format guarantees rejection.
     */
    @Test
    void deflateFragmentsUnder10HeaderFailWithIoError() throws Exception {
        KernelWritesRun run = KernelWritesRun.get();
        java.util.List<PackedBlock> targets = Transplant.pickTargets(run);
        Transplant.Outcome o = Transplant.run(run, targets, BlockRewrite.deflateUnder10(), "harness-deflate-v1");
        long returned = o.affected().stream().filter(l -> o.reads().get(l) != null && o.reads().get(l).ok()).count();
        long wrong = o.affected().stream().filter(l -> o.reads().get(l) != null && o.reads().get(l).ok()
                && !Arrays.equals(KernelWritesData.block(l), o.reads().get(l).data())).count();
        KernelCheckReport.put("harness_deflate_under_v1", "lbns=" + o.affected().size() + " returned_data=" + returned
                + " wrong_data=" + wrong);
        assertEquals(0, wrong, "stock kernel returned WRONG data for DEFLATE fragments under a 1.0 header");
        assertEquals(0, returned, "stock kernel returned data for DEFLATE fragments under a 1.0 header");
        assertControlsIntact(o);
        assertEquals("normal", Transplant.mode(o.statusAfter()), o.statusAfter());
    }
}
