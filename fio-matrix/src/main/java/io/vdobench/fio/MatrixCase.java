package io.vdobench.fio;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * One cell of the matrix: I/O pattern, block size in bytes and number of concurrent jobs. Cases sort the
 * way the patch lists them: by I/O type (write, read, randwrite, randread), then block size, then jobs.
 *
 * @param id        stable identifier, e.g. {@code write-64k-16j}
 * @param pattern   I/O type
 * @param blockSize block size in bytes (a power-of-two multiple of 512)
 * @param numjobs   concurrent jobs (fio {@code numjobs})
 */
public record MatrixCase(String id, IoPattern pattern, int blockSize, int numjobs) implements Comparable<MatrixCase> {
    // The id last, so that the order agrees with equals (a matrix file may give a case any id).
    private static final Comparator<MatrixCase> ORDER = Comparator.comparing(MatrixCase::pattern)
            .thenComparingInt(MatrixCase::blockSize).thenComparingInt(MatrixCase::numjobs)
            .thenComparing(MatrixCase::id);

    public MatrixCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        if (blockSize < 512 || blockSize % 512 != 0) {
            throw new IllegalArgumentException("block size must be a positive multiple of 512: " + blockSize);
        }
        if (numjobs < 1) {
            throw new IllegalArgumentException("numjobs must be >= 1: " + numjobs);
        }
    }

    /** A case with the canonical id {@code <rw>-<bs>-<n>j}. */
    public static MatrixCase of(IoPattern pattern, int blockSize, int numjobs) {
        return new MatrixCase(pattern.fioName() + "-" + sizeToFio(blockSize) + "-" + numjobs + "j", pattern,
                blockSize, numjobs);
    }

    /** fio's size spelling: 4096 → "4k", 131072 → "128k", 1048576 → "1m". */
    public static String sizeToFio(long bytes) {
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }

    /**
     * Parses fio's size spelling, base 1024 as fio does for bs: bytes ({@code 512}) or a multiple ({@code 4k},
     * {@code 4K}, {@code 4KiB}, {@code 4kb}, {@code 1m}, {@code 1g}, {@code 2t}). The one size parser: matrix and
     * job files, {@code --sizes}, the CSVs' block sizes, {@code serve-nbd --size}.
     *
     * @throws IllegalArgumentException naming the text: empty, not a size, negative or beyond a long
     */
    public static long parseSize(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("empty size");
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (shift > 0) {
            t = t.substring(0, t.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (bytes, or e.g. 4k, 64KiB, 1m)", e);
        }
        if (n < 0) {
            throw new IllegalArgumentException("not a size: '" + s + "' is negative");
        }
        if (n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("size out of range: '" + s + "'");
        }
        return n << shift;
    }

    /** The patch's wording, e.g. "sequential write 64K 16 jobs". */
    public String label() {
        return pattern.label() + " " + sizeToFio(blockSize).toUpperCase(Locale.ROOT) + " " + numjobs
                + (numjobs == 1 ? " job" : " jobs");
    }

    /** The same I/O type, block size and jobs, whatever id a matrix file gave either case. */
    public boolean sameParameters(MatrixCase o) {
        return pattern == o.pattern && blockSize == o.blockSize && numjobs == o.numjobs;
    }

    @Override
    public int compareTo(MatrixCase o) {
        return ORDER.compare(this, o);
    }
}
