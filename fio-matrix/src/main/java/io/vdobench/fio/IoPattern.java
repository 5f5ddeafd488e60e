package io.vdobench.fio;

import java.util.Locale;

/**
 * The four I/O types of the matrix, with fio's {@code rw=} value and the patch's wording, declared in the
 * order the patch lists them (so that their natural order is the report's).
 */
public enum IoPattern {
    WRITE("write", "sequential write", true, false),
    READ("read", "sequential read", false, false),
    RANDWRITE("randwrite", "random write", true, true),
    RANDREAD("randread", "random read", false, true);

    private final String fioName;
    private final String label;
    private final boolean write;
    private final boolean random;

    IoPattern(String fioName, String label, boolean write, boolean random) {
        this.fioName = fioName;
        this.label = label;
        this.write = write;
        this.random = random;
    }

    /** fio's {@code rw=} value. */
    public String fioName() {
        return fioName;
    }

    /** Human label as the patch's summary uses it, e.g. "sequential write". */
    public String label() {
        return label;
    }

    public boolean isWrite() {
        return write;
    }

    public boolean isRandom() {
        return random;
    }

    /** The patch's wording of fio's {@code rw=} value ("write" is "sequential write"); other text as it is ("all"). */
    public static String labelOf(String rw) {
        for (IoPattern p : values()) {
            if (p.fioName.equals(rw)) {
                return p.label;
            }
        }
        return rw;
    }

    /** Where fio's {@code rw=} value stands in the patch's order (declaration order); other text after the four. */
    public static int order(String rw) {
        for (IoPattern p : values()) {
            if (p.fioName.equals(rw)) {
                return p.ordinal();
            }
        }
        return values().length;
    }

    /** Parses fio's {@code rw=} spelling (also accepts {@code rw=} aliases fio itself accepts for these four). */
    public static IoPattern ofFio(String rw) {
        String s = rw == null ? "" : rw.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "write" -> WRITE;
            case "read" -> READ;
            case "randwrite" -> RANDWRITE;
            case "randread" -> RANDREAD;
            default -> throw new IllegalArgumentException(
                    "unsupported rw '" + rw + "': the matrix uses write, read, randwrite, randread");
        };
    }
}
