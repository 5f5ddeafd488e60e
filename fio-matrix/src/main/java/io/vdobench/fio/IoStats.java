package io.vdobench.fio;

import java.util.ArrayList;
import java.util.List;

/**
 * One direction ({@code read}, {@code write} or {@code trim}) of a fio job, in fio's JSON units.
 *
 * @param ioBytes   bytes transferred ({@code io_bytes})
 * @param ioKbytes  {@code io_kbytes} (KiB)
 * @param bwBytes   bandwidth in bytes/s ({@code bw_bytes} = 1000·io_bytes/runtime)
 * @param bwKiB     bandwidth in KiB/s ({@code bw})
 * @param iops      I/Os per second
 * @param runtimeMs {@code runtime} in milliseconds
 * @param totalIos  {@code total_ios}
 * @param slat      submission latency ({@code slat_ns})
 * @param clat      completion latency ({@code clat_ns}) with percentiles
 * @param lat       total latency ({@code lat_ns})
 */
public record IoStats(long ioBytes, long ioKbytes, long bwBytes, long bwKiB, double iops, long runtimeMs,
                      long totalIos, LatencyStats slat, LatencyStats clat, LatencyStats lat) {
    public static final IoStats EMPTY = new IoStats(0, 0, 0, 0, 0, 0, 0, LatencyStats.EMPTY, LatencyStats.EMPTY,
            LatencyStats.EMPTY);

    /**
     * Stats from raw counts with fio's formulas: {@code bw_bytes = 1000·io_bytes/runtime},
     * {@code bw = bw_bytes/1024}, {@code iops = 1000·total_ios/runtime}, {@code io_kbytes = io_bytes/1024}.
     */
    public static IoStats of(long ioBytes, long totalIos, long runtimeMs, LatencyStats clat, LatencyStats lat) {
        if (ioBytes < 0 || totalIos < 0 || runtimeMs < 0) {
            throw new IllegalArgumentException("negative count: io_bytes=" + ioBytes + " total_ios=" + totalIos
                    + " runtime=" + runtimeMs);
        }
        long bw = runtimeMs == 0 ? 0 : (long) (1000.0 * ioBytes / runtimeMs);
        double iops = runtimeMs == 0 ? 0 : 1000.0 * totalIos / runtimeMs;
        return new IoStats(ioBytes, ioBytes >> 10, bw, bw >> 10, iops, runtimeMs, totalIos, LatencyStats.EMPTY,
                clat, lat);
    }

    public boolean hasIo() {
        return ioBytes > 0 || totalIos > 0;
    }

    /** Bandwidth in decimal MB/s (10^6 bytes per second). */
    public double mbPerSec() {
        return bwBytes / 1e6;
    }

    /**
     * A reporting group of separately reported jobs, as fio's group line computes it: bytes and I/Os
     * add up, runtime is the longest, bandwidth and IOPS follow from those.
     */
    public static IoStats aggregate(List<IoStats> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        long io = 0;
        long ios = 0;
        long runtime = 0;
        List<LatencyStats> s = new ArrayList<>();
        List<LatencyStats> c = new ArrayList<>();
        List<LatencyStats> l = new ArrayList<>();
        for (IoStats p : parts) {
            io += p.ioBytes;
            ios += p.totalIos;
            runtime = Math.max(runtime, p.runtimeMs);
            s.add(p.slat);
            c.add(p.clat);
            l.add(p.lat);
        }
        long bw = runtime == 0 ? 0 : Math.round(1000.0 * io / runtime);
        double iops = runtime == 0 ? 0 : 1000.0 * ios / runtime;
        return new IoStats(io, io >> 10, bw, bw >> 10, iops, runtime, ios, LatencyStats.pool(s),
                LatencyStats.pool(c), LatencyStats.pool(l));
    }
}
