package io.vdobench.report.packing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.data.DataKind;
import io.vdobench.report.model.FragmentSample;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PackingTest {
    @Test
    void thresholdsAreFloorOf4060OverK() {
        assertEquals(List.of(2030, 1353, 1015, 812, 676, 580, 507, 451, 406, 369, 338, 312, 290), Packing.thresholds());
    }

    @Test
    void fragmentsPerBlockAtTheEdges() {
        assertEquals(2, Packing.fragmentsPerBlock(1700));
        assertEquals(2, Packing.fragmentsPerBlock(2030));
        assertEquals(1, Packing.fragmentsPerBlock(2031), "alone in a block: stored uncompressed");
        assertEquals(3, Packing.fragmentsPerBlock(1353));
        assertEquals(2, Packing.fragmentsPerBlock(1354));
        assertEquals(14, Packing.fragmentsPerBlock(100), "14 slots at most");
        assertEquals(1, Packing.fragmentsPerBlock(FragmentSample.DOES_NOT_FIT));
        assertEquals(1, Packing.fragmentsPerBlock(4060));
    }

    @Test
    void allFragmentsNear1700SaveHalf() {
        int[] sizes = new int[100];
        Arrays.fill(sizes, 1700);
        PackingEstimate e = PackingEstimate.of(sizes);
        assertEquals(2.0, e.fragmentsPerPackedBlock(), 1e-12);
        assertEquals(50.0, e.spaceSavingPct(), 1e-9);
        assertEquals(4096.0 / 1700, e.compressionRatio(), 1e-12);
        assertEquals(100, e.packed());
    }

    @Test
    void fragmentsJustAbove2030SaveNothingDespiteARatioNearTwo() {
        int[] sizes = new int[64];
        Arrays.fill(sizes, 2100);
        PackingEstimate e = PackingEstimate.of(sizes);
        assertTrue(e.compressionRatio() > 1.9, "ratio " + e.compressionRatio());
        assertEquals(0.0, e.spaceSavingPct(), 1e-12);
        assertEquals(0, e.packed());
        assertTrue(Double.isNaN(e.fragmentsPerPackedBlock()));
    }

    @Test
    void mixedSizesAndDoesNotFit() {
        // 2 × 1000 B (k=4, 1/4 block each), 1 × 3000 B (alone), 1 × did not fit.
        PackingEstimate e = PackingEstimate.of(new int[] {1000, 1000, 3000, FragmentSample.DOES_NOT_FIT});
        assertEquals(100.0 * (1 - (0.25 + 0.25 + 1 + 1) / 4), e.spaceSavingPct(), 1e-9);
        assertEquals(4.0, e.fragmentsPerPackedBlock(), 1e-12);
        assertEquals(2, e.unpacked());
        assertEquals(1000.0, e.medianBytes());
        assertEquals(4096.0 * 4 / (1000 + 1000 + 3000 + 4096), e.compressionRatio(), 1e-12);
    }

    @Property(tries = 300)
    void smallerFragmentsNeverSaveLess(@ForAll @IntRange(min = 1, max = 4059) int a, @ForAll @IntRange(min = 1, max = 4059) int b) {
        int small = Math.min(a, b);
        int big = Math.max(a, b);
        double sSmall = PackingEstimate.of(new int[] {small}).spaceSavingPct();
        double sBig = PackingEstimate.of(new int[] {big}).spaceSavingPct();
        assertTrue(sSmall >= sBig, small + " saves " + sSmall + " < " + big + " saves " + sBig);
        assertTrue(sSmall >= 0 && sSmall <= 100.0 * 13 / 14 + 1e-9);
    }

    @Test
    void samplerIsDeterministicAndWithinVdoLimits() {
        try (Codecs codecs = Codecs.load()) {
            List<Codec> some = codecs.available().stream().filter(c -> c.id().startsWith("lz4")).toList();
            assertTrue(!some.isEmpty(), "lz4-java is always on the class path");
            FragmentSampler.Result a = FragmentSampler.sample(some, DataKind.FIO60, 64);
            FragmentSampler.Result b = FragmentSampler.sample(some, DataKind.FIO60, 64);
            assertEquals(a, b);
            assertEquals(64L * some.size(), a.samples().size());
            assertTrue(a.samples().stream().allMatch(s -> !s.fits() || (s.fragmentBytes() > 0 && s.fragmentBytes() <= 4059)));
            // Incompressible data never fits in 4059 bytes: the sampler must say so, not invent a size.
            FragmentSampler.Result r = FragmentSampler.sample(some.subList(0, 1), DataKind.RANDOM, 8);
            assertTrue(r.samples().stream().noneMatch(FragmentSample::fits));
        }
    }
}
