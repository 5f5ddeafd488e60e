package io.vdobench.report.model;

import io.vdobench.report.csv.Units;
import java.util.Comparator;
import java.util.List;

/** One cell of the matrix: I/O pattern × block size × jobs. Sorted the way the patch lists them. */
public record MatrixCase(String pattern, int blockSize, int jobs) implements Comparable<MatrixCase> {
    /** The patch's order of I/O types; others sort after these, alphabetically. */
    public static final List<String> PATTERN_ORDER = List.of("write", "read", "randwrite", "randread");

    public static int patternRank(String p) {
        int i = PATTERN_ORDER.indexOf(p);
        return i < 0 ? PATTERN_ORDER.size() : i;
    }

    public static final Comparator<String> PATTERNS =
            Comparator.comparingInt(MatrixCase::patternRank).thenComparing(Comparator.naturalOrder());

    private static final Comparator<MatrixCase> ORDER = Comparator.comparing(MatrixCase::pattern, PATTERNS)
            .thenComparingInt(MatrixCase::blockSize).thenComparingInt(MatrixCase::jobs);

    @Override
    public int compareTo(MatrixCase o) {
        return ORDER.compare(this, o);
    }

    /** In words, as the patch wrote it: "sequential write 64K 16 jobs". */
    public String describe() {
        return describePattern(pattern) + " " + Units.blockSizeLabel(blockSize) + " " + jobs + (jobs == 1 ? " job" : " jobs");
    }

    public static String describePattern(String p) {
        return switch (p) {
            case "write" -> "sequential write";
            case "read" -> "sequential read";
            case "randwrite" -> "random write";
            case "randread" -> "random read";
            default -> p;
        };
    }
}
