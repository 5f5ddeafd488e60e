package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** What of the probe can run without IAA: its refusal, its median, and the cold pages it compresses into. */
class IaaProbeTest {
    @Test
    void refusesAHostWithoutAWorkingHardwareJob() {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        assumeFalse(lib.hardwareProbe().available(), "this host has IAA: the refusal cannot be shown");
        IaaSetup setup = IaaSetup.thisHost(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IaaProbe.run(setup, IaaProbe.Settings.QUICK));
        assertTrue(e.getMessage().startsWith("the hardware path is unavailable: not run: qpl_init_job(hardware) returned "
                + lib.hardwareProbe().describe()), e.getMessage());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, IaaProbe.median(new double[] {3, 1, 2}));
        assertEquals(2.5, IaaProbe.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void freshPagesAreMappedZeroAndWritable() {
        try (FreshPages p = new FreshPages(3 * 4096 + 17)) {
            MemorySegment s = p.segment();
            assertEquals(3 * 4096 + 17, s.byteSize());
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, 5000));
            s.set(ValueLayout.JAVA_BYTE, 5000, (byte) 7);
            assertEquals(7, s.get(ValueLayout.JAVA_BYTE, 5000));
        }
    }
}
