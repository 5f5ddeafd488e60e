package io.vdobench.conformance;

import io.vdobench.data.DataKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance corpus: every block size × every data kind, generated from fixed seeds so a failing
 * cell reproduces byte for byte. The seed is derived from the cell (size and kind) only, never from
 * the run.
 */
public final class Corpus {
    public static final int[] BLOCK_SIZES = {4096, 8192, 16384, 32768, 65536, 131072};
    public static final long BASE_SEED = 0x5644_4f42_454e_4348L; // "VDOBENCH"

    /** One input block. */
    public record Entry(int blockSize, DataKind kind, long seed, byte[] data) {
        public String label() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + blockSize;
        }
    }

    private Corpus() {
    }

    public static long seed(int blockSize, DataKind kind) {
        return BASE_SEED ^ ((long) blockSize << 8) ^ kind.ordinal();
    }

    public static Entry entry(int blockSize, DataKind kind) {
        long seed = seed(blockSize, kind);
        return new Entry(blockSize, kind, seed, kind.generate(blockSize, seed));
    }

    /** Every size × every kind. */
    public static List<Entry> all() {
        return of(BLOCK_SIZES);
    }

    public static List<Entry> of(int... sizes) {
        List<Entry> out = new ArrayList<>();
        for (int size : sizes) {
            for (DataKind k : DataKind.values()) {
                out.add(entry(size, k));
            }
        }
        return out;
    }

    /**
     * Compression capacity used for the matrix: twice the input plus 64 bytes. Every DEFLATE producer
     * then has room for stored blocks, so incompressible data (RANDOM) still yields a stream
     * (mostly stored blocks) that every consumer must read; at the pipeline's real capacity (4059 bytes
     * for a 4 KiB block) producers answer DOES_NOT_FIT for it, which CompressionLimitsTest checks.
     */
    public static int matrixCapacity(int inputLength) {
        return 2 * inputLength + 64;
    }
}
