package io.vdobench.conformance.fuzz;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.conformance.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutation fuzzer over raw fragments, for every decoder: each case takes a valid fragment of the
 * decoder's format, applies one {@link Mutation}, decodes into a guarded buffer and classifies the
 * result as a {@link Verdict}. Success is accepted only when the decoder reports exactly the claimed
 * length (the Codec contract: it returns normally only then) and both guard zones are intact; it is
 * a violation when the mutation is a {@link Mutation#lengthLie() length lie}.
 */
public final class FragmentFuzzer extends HostileRun {
    /** A decoder under test and whether it reads LZ4 (else DEFLATE). */
    public record Target(String name, Codec decoder, boolean lz4) {
    }

    /** A valid fragment and the bytes it decodes to. */
    public record Seed(byte[] fragment, byte[] original) {
    }

    /**
     * @param lz4Expanding     LZ4 fragments of blocks larger than 4096 bytes
     * @param deflateExpanding DEFLATE fragments of blocks larger than 4096 bytes
     */
    public record Seeds(List<Seed> lz4, List<Seed> deflate, List<byte[]> lz4Expanding, List<byte[]> deflateExpanding) {
    }

    private final List<Target> targets;
    private final Seeds seeds;
    private final Mutation[] mutations = Mutation.values();
    private final byte[] buf = new byte[GUARD + (1 << 20) + GUARD];

    public FragmentFuzzer(List<Target> targets, Seeds seeds, long seed) {
        super(seed);
        this.targets = targets;
        this.seeds = seeds;
    }

    @Override
    public void run(long n) {
        for (long i = 0; i < n; i++) {
            runCase(i);
        }
    }

    /** Runs case {@code i} alone (for reproducing a reported failure). */
    public Verdict runCase(long i) {
        Target t = targets.get((int) (i % targets.size()));
        Mutation m = mutations[(int) ((i / targets.size()) % mutations.length)];
        SplittableRandom r = new SplittableRandom(caseSeed(i));
        List<Seed> own = t.lz4() ? seeds.lz4() : seeds.deflate();
        List<Seed> other = t.lz4() ? seeds.deflate() : seeds.lz4();
        List<byte[]> expanding = t.lz4() ? seeds.lz4Expanding() : seeds.deflateExpanding();
        Seed s = own.get(r.nextInt(own.size()));
        byte[] o = m == Mutation.SPLICE ? own.get(r.nextInt(own.size())).fragment() : other.get(r.nextInt(other.size())).fragment();
        Mutation.Input in = m.apply(s.fragment(), s.original().length, o, expanding.get(r.nextInt(expanding.size())), r);
        int len = in.expectedLength();
        arm(buf, len);
        String desc = t.name() + " " + m + " input=" + in.bytes().length + "B expected=" + len;
        begin(i, desc);
        Verdict v;
        String error = null;
        String violation = null;
        try {
            t.decoder().decompress(in.bytes(), 0, in.bytes().length, buf, GUARD, len);
            if (m.lengthLie()) {
                v = Verdict.VIOLATION;
                violation = "success on a length lie";
            } else if (len == s.original().length && Arrays.equals(buf, GUARD, GUARD + len, s.original(), 0, len)) {
                v = Verdict.DECODED_SAME;
            } else {
                v = Verdict.DECODED_DIFFERENT;
            }
        } catch (CodecException e) {
            v = Verdict.TYPED_ERROR;
            error = Outcome.failureLabel(e).substring("failed:".length());
        } catch (Throwable e) { // untyped: a contract violation, recorded not rethrown
            v = Verdict.VIOLATION;
            error = e.getClass().getSimpleName();
            violation = e.toString();
        }
        long nanos = end();
        if (!guardsIntact(buf, len)) {
            v = Verdict.VIOLATION;
            violation = "wrote outside dst[" + GUARD + ", " + (GUARD + len) + ")";
        }
        tally(t.name(), m.name()).add(v, error, nanos, violation == null ? null : "case " + i + " seed " + seed + ": " + desc + ": " + violation);
        return v;
    }
}
