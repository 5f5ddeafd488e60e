package io.vdobench.report.csv;

import java.util.Locale;

/** Parsing and printing of the units the CSVs use. */
public final class Units {
    private Units() {
    }

    /** {@code 4096}, {@code 4K}, {@code 4k}, {@code 4KiB}, {@code 128K}, {@code 1M} → bytes (binary multiples, as fio). */
    public static int parseBlockSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (t.endsWith("K")) {
            mult = 1024;
        } else if (t.endsWith("M")) {
            mult = 1024 * 1024;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a block size (bytes, or e.g. 4K)");
        }
        long bytes = v * mult;
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("is not a positive block size");
        }
        return (int) bytes;
    }

    /** 4096 → "4K", 131072 → "128K", 1000 → "1000" (fio's spelling). */
    public static String blockSizeLabel(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "M";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + "K";
        }
        return Integer.toString(bytes);
    }

    /**
     * How decimals are written: the shortest text that reads back as the same double, plain (no
     * exponent), '.' separator, no grouping; empty for NaN.
     */
    public static String decimal(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("infinite value cannot be written");
        }
        String s = java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
