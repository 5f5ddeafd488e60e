package io.vdobench.cli;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A quick round trip of a few blocks through one codec: enough to show that a backend really runs
 * here and returns what it was given, not a conformance suite.
 *
 * <p>Cases: 4 KiB and 64 KiB blocks of fio-60 %, zeros and text must fit in a destination as large
 * as the input and decompress to exactly the input; random data must report "does not fit" at that
 * capacity. Guard bytes around every destination range catch writes outside it.
 */
final class CodecSelfTest {
    static final int[] BLOCK_SIZES = {4096, 65536};
    static final DataKind[] FITTING_KINDS = {DataKind.FIO60, DataKind.ZEROS, DataKind.TEXT};
    private static final int GUARD = 64;
    private static final byte GUARD_BYTE = (byte) 0xA5;
    private static final long SEED = 0x5e1f7e57L;

    /** One case's outcome; {@code detail} says what went wrong, or the compressed size. */
    record Case(String name, boolean passed, String detail) {
    }

    /** All cases of one codec. */
    record Result(String codecId, List<Case> cases) {
        boolean passed() {
            return !cases.isEmpty() && cases.stream().allMatch(Case::passed);
        }

        long failures() {
            return cases.stream().filter(c -> !c.passed()).count();
        }

        /** First failure's description, or {@code ""}. */
        String firstFailure() {
            return cases.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).findFirst().orElse("");
        }
    }

    static int caseCount() {
        return BLOCK_SIZES.length * (FITTING_KINDS.length + 1);
    }

    Result run(Codec codec) {
        List<Case> cases = new ArrayList<>();
        for (int size : BLOCK_SIZES) {
            for (DataKind kind : FITTING_KINDS) {
                cases.add(guarded(kind + "/" + size, () -> roundTrip(codec, kind, size)));
            }
            cases.add(guarded(DataKind.RANDOM + "/" + size, () -> mustNotFit(codec, size)));
        }
        return new Result(codec.id(), cases);
    }

    private interface Check {
        String run();
    }

    /** Runs a check; a returned non-null string or any exception is a failure. */
    private static Case guarded(String name, Check check) {
        try {
            String failure = check.run();
            return failure == null ? new Case(name, true, "") : new Case(name, false, failure);
        } catch (RuntimeException | LinkageError e) {
            return new Case(name, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String roundTrip(Codec codec, DataKind kind, int size) {
        byte[] src = kind.generate(size, SEED);
        byte[] dst = guardedBuffer(size);
        int n = codec.compress(src, 0, size, dst, GUARD, size);
        String g = checkGuards(dst, size, "compress");
        if (g != null) {
            return g;
        }
        if (n == Codec.DOES_NOT_FIT) {
            return "does not fit in " + size + " bytes (compressible data must)";
        }
        if (n <= 0 || n > size) {
            return "compress returned " + n + ", outside 1.." + size;
        }
        byte[] out = guardedBuffer(size);
        codec.decompress(dst, GUARD, n, out, GUARD, size);
        g = checkGuards(out, size, "decompress");
        if (g != null) {
            return g;
        }
        int mismatch = Arrays.mismatch(src, 0, size, out, GUARD, GUARD + size);
        return mismatch < 0 ? null : "decompressed bytes differ from the input at offset " + mismatch;
    }

    private static String mustNotFit(Codec codec, int size) {
        byte[] src = DataKind.RANDOM.generate(size, SEED);
        byte[] dst = guardedBuffer(size);
        int n = codec.compress(src, 0, size, dst, GUARD, size);
        String g = checkGuards(dst, size, "compress");
        if (g != null) {
            return g;
        }
        return n == Codec.DOES_NOT_FIT ? null
                : "random data reported " + n + " compressed bytes within capacity " + size + "; expected DOES_NOT_FIT";
    }

    private static byte[] guardedBuffer(int size) {
        byte[] b = new byte[size + 2 * GUARD];
        Arrays.fill(b, GUARD_BYTE);
        return b;
    }

    private static String checkGuards(byte[] b, int size, String op) {
        for (int i = 0; i < GUARD; i++) {
            if (b[i] != GUARD_BYTE) {
                return op + " wrote before the start of its destination";
            }
            if (b[GUARD + size + i] != GUARD_BYTE) {
                return op + " wrote past its destination capacity of " + size + " bytes";
            }
        }
        return null;
    }
}
