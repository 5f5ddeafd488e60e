package io.vdobench.conformance.kernel;

import io.vdobench.data.DataKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The data the kernel-writes scenario writes from LBN 0: deterministic, so every logical block's
 * expected content is known on the host independently of what the kernel returns.
 *
 * <p>Ranges are chosen to exercise the packer: fio-style 60 % blocks (two fragments per packed
 * block), text (a few per block), short-run blocks (tiny fragments, up to 14 slots), duplicates of
 * earlier blocks (dedupe, never packed twice), zero blocks (PBN 0) and random blocks (written
 * uncompressed).
 */
public final class KernelWritesData {
    public static final int BLOCK = 4096;

    /** What a logical block holds. */
    public enum Kind { FIO60, TEXT, RUNS, DUPLICATE, ZEROS, RANDOM }

    /** A range of LBNs [first, first+count) of one kind. */
    public record Range(Kind kind, int first, int count) {
        boolean contains(long lbn) {
            return lbn >= first && lbn < first + count;
        }
    }

    /** LBNs that duplicate LBN (lbn - DUPLICATE_DISTANCE). */
    public static final int DUPLICATE_DISTANCE = 1280;

    public static final List<Range> LAYOUT = List.of(
            new Range(Kind.FIO60, 0, 768),
            new Range(Kind.TEXT, 768, 256),
            new Range(Kind.RUNS, 1024, 256),
            new Range(Kind.DUPLICATE, 1280, 256),
            new Range(Kind.ZEROS, 1536, 256),
            new Range(Kind.RANDOM, 1792, 256));

    public static final int BLOCKS = 2048;

    private KernelWritesData() {
    }

    public static Kind kindOf(long lbn) {
        for (Range r : LAYOUT) {
            if (r.contains(lbn)) {
                return r.kind();
            }
        }
        throw new IllegalArgumentException("LBN " + lbn + " is outside the written range [0, " + BLOCKS + ")");
    }

    /** The expected content of one logical block. */
    public static byte[] block(long lbn) {
        Kind k = kindOf(lbn);
        long seed = 0x5eed0000L + lbn;
        return switch (k) {
            case FIO60 -> DataKind.FIO60.generate(BLOCK, seed);
            case TEXT -> DataKind.TEXT.generate(BLOCK, seed);
            case RUNS -> DataKind.RUNS.generate(BLOCK, seed);
            case DUPLICATE -> block(lbn - DUPLICATE_DISTANCE);
            case ZEROS -> new byte[BLOCK];
            case RANDOM -> DataKind.RANDOM.generate(BLOCK, seed);
        };
    }

    /** Writes all {@link #BLOCKS} blocks to {@code file}. */
    public static Path write(Path file) throws IOException {
        byte[] all = new byte[BLOCKS * BLOCK];
        for (int lbn = 0; lbn < BLOCKS; lbn++) {
            System.arraycopy(block(lbn), 0, all, lbn * BLOCK, BLOCK);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, all);
        return file;
    }

    public static boolean sameAs(long lbn, byte[] data, int off) {
        return Arrays.equals(block(lbn), 0, BLOCK, data, off, off + BLOCK);
    }
}
