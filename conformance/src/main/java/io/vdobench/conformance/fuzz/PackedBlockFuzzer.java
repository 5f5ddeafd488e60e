package io.vdobench.conformance.fuzz;

import io.vdobench.conformance.DmVdoV1Reader;
import io.vdobench.vdo.FragmentDecoder;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutation fuzzer over whole packed blocks, read as the volume reads them: the pipeline's
 * {@code CompressedBlock.check} for a random mapping state (0..17), then {@code FragmentDecoder}.
 * Per case it also checks that a successful lookup stays inside the 4060-byte data area and, for blocks
 * whose version is exactly 1.0, that the pipeline and the independent {@link DmVdoV1Reader} agree on
 * the rule and the location (a differential check of dm-vdo's validation order).
 */
public final class PackedBlockFuzzer extends HostileRun {
    /** Ways to damage a packed block. */
    public enum BlockMutation {
        /** Random bytes in the 36-byte header. */
        HEADER_NOISE,
        /** A slot size field set to an edge value (0, 1, 4059, 4060, 4061, 0x0FFF, 0x1000|n, 0xFFFF, random). */
        SIZE_EDGE,
        /** Version words damaged (1.1, 2.1, big-endian, random). */
        VERSION_NOISE,
        /** A used slot's size set to 0 (zero-length slot). */
        ZERO_SLOT,
        /** Random tag nibble on a slot field. */
        TAG_NOISE,
        /** Bit flips in the data area (fragment bytes). */
        DATA_NOISE,
        /** No damage: the valid block, every state. */
        NONE
    }

    /** A valid packed block and the 4096 decoded bytes of each used slot (null for unused). */
    public record BlockSeed(String name, byte[] block, byte[][] originals) {
    }

    private static final int[] SIZE_EDGES = {0, 1, 4059, 4060, 4061, 0x0FFF, 0x1000, 0x1FDC, 0x2001, 0xFFFF};

    private final List<BlockSeed> seeds;
    private final FragmentDecoder decoder;
    private final BlockMutation[] mutations = BlockMutation.values();
    private final byte[] buf = new byte[GUARD + 4096 + GUARD];
    private final FragmentLocation loc = new FragmentLocation();

    public PackedBlockFuzzer(List<BlockSeed> seeds, FragmentDecoder decoder, long seed) {
        super(seed);
        this.seeds = seeds;
        this.decoder = decoder;
    }

    @Override
    public void run(long n) {
        for (long i = 0; i < n; i++) {
            runCase(i);
        }
    }

    public Verdict runCase(long i) {
        BlockMutation m = mutations[(int) (i % mutations.length)];
        SplittableRandom r = new SplittableRandom(caseSeed(i));
        BlockSeed s = seeds.get(r.nextInt(seeds.size()));
        byte[] b = s.block().clone();
        mutate(m, b, r);
        int state = r.nextInt(18);
        String desc = "packed " + s.name() + " " + m + " state=" + state;
        arm(buf, 4096);
        begin(i, desc);
        Verdict v;
        String error = null;
        String violation = null;
        try {
            int rule = CompressedBlock.check(b, 0, state, loc);
            violation = differential(b, state, rule);
            if (rule != 0) {
                v = Verdict.TYPED_ERROR;
                error = "INVALID_FRAGMENT/rule" + rule;
            } else if (loc.blockOffset() < 36 || loc.size() < 0 || loc.blockOffset() + loc.size() > 4096) {
                v = Verdict.VIOLATION;
                violation = "lookup outside the data area: " + loc;
            } else {
                decoder.decode(loc.algorithm(), b, loc.blockOffset(), loc.size(), buf, GUARD);
                int slot = state - 2;
                byte[] orig = slot < s.originals().length ? s.originals()[slot] : null;
                v = orig != null && Arrays.equals(buf, GUARD, GUARD + 4096, orig, 0, 4096)
                        ? Verdict.DECODED_SAME : Verdict.DECODED_DIFFERENT;
            }
        } catch (VdoException e) {
            v = e.status() == VdoStatus.INVALID_FRAGMENT ? Verdict.TYPED_ERROR : Verdict.VIOLATION;
            error = "VdoException/" + e.status();
            if (v == Verdict.VIOLATION) {
                violation = e.toString();
            }
        } catch (Throwable e) {
            v = Verdict.VIOLATION;
            error = e.getClass().getSimpleName();
            violation = e.toString();
        }
        long nanos = end();
        if (!guardsIntact(buf, 4096)) {
            v = Verdict.VIOLATION;
            violation = "wrote outside the 4096-byte destination";
        }
        if (violation != null) {
            v = Verdict.VIOLATION;
        }
        tally("packed-block-reader", m.name()).add(v, error, nanos,
                violation == null ? null : "case " + i + " seed " + seed + ": " + desc + ": " + violation);
        return v;
    }

    /** For exact-1.0 blocks the pipeline must agree with dm-vdo's rules; returns a violation or null. */
    private String differential(byte[] b, int state, int rule) {
        DmVdoV1Reader.Lookup dm = DmVdoV1Reader.lookup(b, state);
        boolean v1 = CompressedBlock.major(b, 0) == 1 && CompressedBlock.minor(b, 0) == 0;
        if (v1 || dm.rule() == 1) {
            if (dm.rule() != rule) {
                return "pipeline rule " + rule + " but dm-vdo rule " + dm.rule();
            }
            if (rule == 0 && (dm.offset() != loc.offset() || dm.size() != loc.size())) {
                return "pipeline location " + loc + " but dm-vdo " + dm;
            }
        } else if (dm.rule() == 0) {
            return "dm-vdo reader accepted a block whose version is not 1.0";
        }
        return null;
    }

    private static void mutate(BlockMutation m, byte[] b, SplittableRandom r) {
        switch (m) {
            case HEADER_NOISE -> {
                int n = 1 + r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    b[r.nextInt(36)] = (byte) r.nextInt(256);
                }
            }
            case SIZE_EDGE -> {
                int slot = r.nextInt(14);
                int v = r.nextInt(4) == 0 ? r.nextInt(65536) : SIZE_EDGES[r.nextInt(SIZE_EDGES.length)];
                putU16(b, 8 + 2 * slot, v);
            }
            case VERSION_NOISE -> {
                switch (r.nextInt(4)) {
                    case 0 -> putU16(b, 4, 1);
                    case 1 -> {
                        b[0] = 2;
                        b[4] = 1;
                    }
                    case 2 -> { // 1.0 written big-endian
                        b[0] = 0;
                        b[3] = 1;
                    }
                    default -> b[r.nextInt(8)] = (byte) r.nextInt(256);
                }
            }
            case ZERO_SLOT -> putU16(b, 8 + 2 * r.nextInt(14), 0);
            case TAG_NOISE -> {
                int p = 8 + 2 * r.nextInt(14) + 1;
                b[p] = (byte) ((b[p] & 0x0F) | r.nextInt(16) << 4);
            }
            case DATA_NOISE -> {
                int flips = 1 + r.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int bit = 36 * 8 + r.nextInt((4096 - 36) * 8);
                    b[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
            }
            case NONE -> {
            }
        }
    }

    private static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }
}
