package io.vdobench.fio;

/** How bandwidth is printed. Always labelled, because fio prints both (e.g. "1415MiB/s (1484MB/s)"). */
public enum BandwidthUnit {
    /** Decimal megabytes: 1 MB/s = 10^6 bytes/s (the default). */
    MB(1e6, "MB/s", "1 MB = 10^6 bytes"),
    /** Binary mebibytes: 1 MiB/s = 2^20 bytes/s. */
    MIB(1024.0 * 1024.0, "MiB/s", "1 MiB = 2^20 bytes");

    private final double bytes;
    private final String symbol;
    private final String definition;

    BandwidthUnit(double bytes, String symbol, String definition) {
        this.bytes = bytes;
        this.symbol = symbol;
        this.definition = definition;
    }

    public double fromBytes(double bytesPerSecond) {
        return bytesPerSecond / bytes;
    }

    public String symbol() {
        return symbol;
    }

    public String definition() {
        return definition;
    }
}
