package io.vdobench.ffm.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.data.DataKind;
import io.vdobench.ffm.HeapViews;
import io.vdobench.ffm.cpu.Lz4FfmCodec;
import io.vdobench.testing.Prerequisites;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read path's fragment offsets ({@code 36 + sizes of the earlier fragments} of a packed block)
 * take many values; the view cache must still converge: once every packed fragment has been read,
 * reading them all again creates no view.
 */
class FfmVolumeReadViewsTest {
    private static final int LBNS = 8192;

    /** Block {@code i}: fio-like data of one of five kinds (fragment sizes cluster by kind). */
    private static void fioKinds(byte[] buf, int i) {
        DataKind[] kinds = {DataKind.FIO60, DataKind.FIO90, DataKind.TEXT, DataKind.FIO30, DataKind.FIO10};
        kinds[i % kinds.length].fill(buf, 0, 4096, 90_000 + i);
    }

    /** Block {@code i}: a random head of 0..1023 bytes, then fio-90 % data: fragment sizes spread over ~1 KiB. */
    private static void spreadSizes(byte[] buf, int i) {
        int head = (int) ((i * 2654435761L) % 1024);
        DataKind.FIO90.fill(buf, 0, 4096, 70_000 + i);
        DataKind.RANDOM.fill(buf, 0, head, 80_000 + i);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fioKinds", "spreadSizes"})
    void readingEveryFragmentTwiceMissesOnlyTheFirstTime(String data) {
        java.util.function.ObjIntConsumer<byte[]> fill = data.equals("fioKinds")
                ? FfmVolumeReadViewsTest::fioKinds : FfmVolumeReadViewsTest::spreadSizes;
        try (Lz4FfmCodec lz4 = new Lz4FfmCodec()) {
            Prerequisites.require(lz4.info().available(), () -> "liblz4 unavailable: " + lz4.info().reason());
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(LBNS)
                    .policy(FallbackCompressionPolicy.single(lz4)).lz4Decoder(lz4).build()) {
                byte[] buf = new byte[4096];
                for (int i = 0; i < LBNS; i++) {
                    fill.accept(buf, i); // distinct blocks: no dedupe
                    v.write(i, buf, 0, 4096);
                }
                v.flush();
                HeapViews views = HeapViews.local();
                long[] misses = new long[3];
                byte[] expected = new byte[4096];
                for (int pass = 0; pass < 3; pass++) {
                    long m0 = views.misses();
                    for (int i = 0; i < LBNS; i++) {
                        v.read(i, buf, 0, 4096);
                        if (pass == 0) {
                            fill.accept(expected, i);
                            assertArrayEquals(expected, buf, "lbn " + i);
                        }
                    }
                    misses[pass] = views.misses() - m0;
                }
                assertTrue(v.statistics().packedBlocksWritten() > LBNS / 14, "fragments were not packed: " + v.statistics());
                System.out.printf("# " + data + ": %d packed fragments read 3 times: view misses per pass %d, %d, %d; %d views cached,"
                        + " %d resets%n", LBNS, misses[0], misses[1], misses[2], views.size(), views.resets());
                assertTrue(misses[0] > 0,
                        "the read path did not go through HeapViews (a new volume has new scratch blocks)");
                assertEquals(0, misses[1], "second pass over the same fragments created views");
                assertEquals(0, misses[2]);
            }
        }
    }
}
