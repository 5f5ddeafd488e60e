package io.vdobench.conformance.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ways the fuzzer damages a valid fragment. Each produces the bytes handed to the decoder and the
 * length the decoder is told to produce. {@link #lengthLie()} mutations leave a stream whose true
 * output length differs from the claimed one, so <em>any</em> success there is a violation; for the
 * others a success with different bytes is possible without any decoder fault (a flipped literal is
 * still valid LZ4/DEFLATE) and is counted, not failed: only a checksum could catch it.
 */
public enum Mutation {
    /** Flip 1–3 random bits. */
    BIT_FLIP(false),
    /** Overwrite 1–4 random bytes with random values. */
    BYTE_NOISE(false),
    /** Cut the fragment at a random length (0 included: a zero-length slot). */
    TRUNCATE(false),
    /** Append 1–64 random bytes after the stream. */
    APPEND_GARBAGE(false),
    /** Overwrite a random stretch with 0xFF: maximal LZ4 length extensions, huge DEFLATE lengths. */
    FF_RUN(false),
    /** Replace the whole fragment with random bytes of a random length. */
    RANDOM_BYTES(false),
    /** First half of one fragment, second half of another. */
    SPLICE(false),
    /** An intact fragment of the other format (LZ4 into an inflater, DEFLATE into LZ4). */
    CROSS_FORMAT(false),
    /** Intact stream, but the claimed length is smaller than what it decodes to (stream expands past it). */
    SHORT_EXPECTED(true),
    /** Intact stream, claimed length larger (up to 1 MiB): a huge claimed length. */
    LONG_EXPECTED(true),
    /** A valid stream of an 8–64 KiB block, claimed to be 4096 bytes: it expands beyond 4096. */
    EXPANDS_BEYOND_4096(true),
    /** Zero input bytes. */
    EMPTY(true);

    private final boolean lengthLie;

    Mutation(boolean lengthLie) {
        this.lengthLie = lengthLie;
    }

    /** True when the mutated input provably does not decode to exactly the claimed length. */
    public boolean lengthLie() {
        return lengthLie;
    }

    /** A mutated case: input bytes and the length the decoder must produce. */
    public record Input(byte[] bytes, int expectedLength) {
    }

    /**
     * @param seed      a valid fragment decoding to {@code seedLength} bytes
     * @param other     a valid fragment of the other format, for splicing / cross-format
     * @param expanding a valid same-format fragment decoding to more than 4096 bytes
     */
    public Input apply(byte[] seed, int seedLength, byte[] other, byte[] expanding, SplittableRandom r) {
        byte[] b = seed.clone();
        switch (this) {
            case BIT_FLIP -> {
                int flips = 1 + r.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    int bit = r.nextInt(b.length * 8);
                    b[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
            }
            case BYTE_NOISE -> {
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case TRUNCATE -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case APPEND_GARBAGE -> {
                int extra = 1 + r.nextInt(64);
                b = Arrays.copyOf(b, b.length + extra);
                for (int i = seed.length; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            case FF_RUN -> {
                int at = r.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + r.nextInt(32));
                Arrays.fill(b, at, at + len, (byte) 0xFF);
            }
            case RANDOM_BYTES -> {
                b = new byte[1 + r.nextInt(4096)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            case SPLICE -> {
                int cut = r.nextInt(b.length + 1);
                int from = r.nextInt(other.length + 1);
                byte[] s = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, s, cut, other.length - from);
                b = s;
            }
            case CROSS_FORMAT -> b = other.clone();
            case SHORT_EXPECTED -> {
                return new Input(b, 1 + r.nextInt(seedLength - 1));
            }
            case LONG_EXPECTED -> {
                int claimed = r.nextInt(4) == 0 ? 1 << 20 : seedLength + 1 + r.nextInt(4096);
                return new Input(b, claimed);
            }
            case EXPANDS_BEYOND_4096 -> {
                return new Input(expanding.clone(), 4096);
            }
            case EMPTY -> b = new byte[0];
        }
        return new Input(b, seedLength);
    }
}
