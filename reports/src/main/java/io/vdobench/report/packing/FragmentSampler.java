package io.vdobench.report.packing;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.data.DataKind;
import io.vdobench.report.model.FragmentSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures fragment sizes: compresses {@code blocks} distinct 4 KiB blocks of a data kind with each
 * codec, with dm-vdo's output limit of 4059 bytes. Sizes are deterministic (same codec version, same
 * bytes), so these are facts about the codec, not timings.
 */
public final class FragmentSampler {
    /** Same seed base as CodecBench's corpus, so the two see the same blocks. */
    public static final long SEED_BASE = 0x5eed0000L;

    /** A codec that could not be sampled, and why. */
    public record Skipped(String codec, String reason) {
    }

    /** Samples plus the codecs that failed. */
    public record Result(List<FragmentSample> samples, List<Skipped> skipped) {
    }

    private FragmentSampler() {
    }

    public static Result sample(List<Codec> codecs, DataKind kind, int blocks) {
        if (blocks <= 0) {
            throw new IllegalArgumentException("blocks must be positive: " + blocks);
        }
        byte[] src = new byte[Packing.BLOCK_SIZE];
        byte[] dst = new byte[Packing.BLOCK_SIZE];
        List<FragmentSample> out = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Codec c : codecs) {
            if (!c.info().available()) {
                skipped.add(new Skipped(c.id(), "unavailable: " + c.info().reason()));
                continue;
            }
            List<FragmentSample> mine = new ArrayList<>(blocks);
            try {
                for (int b = 0; b < blocks; b++) {
                    kind.fill(src, 0, src.length, SEED_BASE + b);
                    int n = c.compress(src, 0, src.length, dst, 0, Packing.MAX_FRAGMENT);
                    if (n != Codec.DOES_NOT_FIT && (n <= 0 || n > Packing.MAX_FRAGMENT)) {
                        throw new IllegalStateException("compress returned " + n + " with capacity " + Packing.MAX_FRAGMENT);
                    }
                    mine.add(new FragmentSample(c.id(), kind.name(), b, n == Codec.DOES_NOT_FIT ? FragmentSample.DOES_NOT_FIT : n));
                }
                out.addAll(mine);
            } catch (CodecException | IllegalStateException e) {
                skipped.add(new Skipped(c.id(), e.getMessage()));
            }
        }
        return new Result(out, skipped);
    }
}
