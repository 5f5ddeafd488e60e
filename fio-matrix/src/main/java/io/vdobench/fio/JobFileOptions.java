package io.vdobench.fio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Device-side settings of generated fio job files. Everything the patch's description leaves open
 * is a parameter here, with the default stated.
 *
 * @param filename    the device or file, e.g. {@code /dev/mapper/vdo0}
 * @param ioengine    fio engine; {@code libaio} by default (kernel block device, direct I/O); {@code nbd}
 *                    or {@code io_uring} work the same way
 * @param iodepth     outstanding I/Os per job. Default <b>1</b>: the patch reports only rw × bs ×
 *                    numjobs, so iodepth was fio's default (1) and concurrency comes from numjobs;
 *                    with iodepth=1 every job is one synchronous submitter, which is also what the
 *                    JMH benches' "jobs" are, so fio and JMH numbers describe the same load
 * @param size        region each case addresses (fio {@code size}), or null for the whole device
 * @param splitRegion if true and {@code size} is set, each of the {@code numjobs} jobs gets its own
 *                    slice ({@code size/numjobs}, {@code offset_increment}); otherwise all jobs
 *                    address the same region as plain fio {@code numjobs} does
 * @param randseed    fio {@code randseed}: fixed so offsets and buffer contents repeat run to run
 *                    (and match {@code io.vdobench.data.FioBufferGenerator} byte for byte)
 * @param prefillBlockSize block size of the prefill job that writes the region before read cases
 * @param extra       further options appended to {@code [global]} (e.g. {@code numa_cpu_nodes})
 */
public record JobFileOptions(String filename, String ioengine, int iodepth, String size, boolean splitRegion,
                             long randseed, int prefillBlockSize, Map<String, String> extra) {
    private static final Pattern OPTION_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public JobFileOptions {
        requireValue("filename", filename);
        requireValue("ioengine", ioengine);
        if (iodepth < 1) {
            throw new IllegalArgumentException("iodepth must be >= 1: " + iodepth);
        }
        if (size != null) {
            if (MatrixCase.parseSize(size) <= 0) {
                throw new IllegalArgumentException("size must be > 0: " + size);
            }
        }
        if (prefillBlockSize < 512 || prefillBlockSize % 512 != 0) {
            throw new IllegalArgumentException("prefill block size must be a multiple of 512: " + prefillBlockSize);
        }
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra == null ? Map.of() : extra));
        for (var e : extra.entrySet()) {
            if (!OPTION_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("not a fio option name: '" + e.getKey() + "'");
            }
            requireValue(e.getKey(), e.getValue());
        }
    }

    /** Defaults for a dm-vdo device: libaio, iodepth 1, whole device, fixed randseed, 128 KiB prefill. */
    public static JobFileOptions forDevice(String filename) {
        return new JobFileOptions(filename, "libaio", 1, null, false, 0x5eed, 128 * 1024, Map.of());
    }

    public JobFileOptions withIoengine(String engine) {
        return new JobFileOptions(filename, engine, iodepth, size, splitRegion, randseed, prefillBlockSize, extra);
    }

    public JobFileOptions withIodepth(int depth) {
        return new JobFileOptions(filename, ioengine, depth, size, splitRegion, randseed, prefillBlockSize, extra);
    }

    public JobFileOptions withSize(String sz, boolean split) {
        return new JobFileOptions(filename, ioengine, iodepth, sz, split, randseed, prefillBlockSize, extra);
    }

    public JobFileOptions withExtra(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.putAll(more);
        return new JobFileOptions(filename, ioengine, iodepth, size, splitRegion, randseed, prefillBlockSize, m);
    }

    private static void requireValue(String what, String v) {
        Objects.requireNonNull(v, what);
        if (v.isBlank() || v.contains("\n") || v.contains("\r")) {
            throw new IllegalArgumentException(what + " must be a non-empty single-line value: '" + v + "'");
        }
    }
}
