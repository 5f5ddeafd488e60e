package io.vdobench.report.csv;

import io.vdobench.fio.MatrixCase;
import java.util.Locale;

/** How the CSVs and the report print their units (sizes are parsed by {@code MatrixCase.parseSize}). */
public final class Units {
    private Units() {
    }

    /** 4096 → "4K", 131072 → "128K", 1000 → "1000": fio's spelling ({@link MatrixCase#sizeToFio}), upper case. */
    public static String blockSizeLabel(int bytes) {
        return MatrixCase.sizeToFio(bytes).toUpperCase(Locale.ROOT);
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
