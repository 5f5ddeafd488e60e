package io.vdobench.report.offload;

import io.vdobench.ffm.iaa.OffloadParameters;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The compression device of one parameter set: per-job latency {@code a + b·KiB} for compress and
 * decompress, the CPU cost to submit and to complete a job, engines, work-queue depth, the completion
 * mode, the batch size and verify (one extra device decompress per compress). Equations:
 * docs/OFFLOAD-MODEL.md §2.
 *
 * @param decompressAUs NaN when the set has no decompress line (then reads cannot be modelled)
 */
public record Device(String name, String source, String date, double compressAUs, double compressBUsPerKib,
                     double decompressAUs, double decompressBUsPerKib, double submitUs, double completeUs, int engines,
                     int wqDepth, CompletionMode mode, int batch, boolean verify) {

    /** VDO compresses and decompresses whole 4 KiB data_vios, so every job is 4 KiB. */
    public static final int JOB_BYTES = 4096;
    /** Stands for "no engine limit": the software path runs on as many CPUs as submit to it. */
    public static final int UNLIMITED_ENGINES = Integer.MAX_VALUE;

    public Device {
        if (engines < 1 || wqDepth < 1 || batch < 1) {
            throw new OffloadModelException(name + ": engines, wq_depth and offload.batch must be at least 1");
        }
        if (!(compressAUs >= 0) || !(compressBUsPerKib >= 0) || !(submitUs >= 0) || !(completeUs >= 0)
                || decompressAUs < 0 || decompressBUsPerKib < 0) {
            throw new OffloadModelException(name + ": latencies and CPU costs must be finite and not negative");
        }
        if (verify && !hasDecompress(decompressAUs)) {
            throw new OffloadModelException(name + ": offload.verify=1 needs a job.<huffman>.decompress line");
        }
    }

    private static boolean hasDecompress(double a) {
        return !Double.isNaN(a);
    }

    /** Device latency of one 4 KiB compress, µs. */
    public double compressLatencyUs() {
        return compressAUs + compressBUsPerKib * JOB_BYTES / 1024.0;
    }

    /** Device latency of one 4 KiB decompress, µs (NaN: not known). */
    public double decompressLatencyUs() {
        return decompressAUs + decompressBUsPerKib * JOB_BYTES / 1024.0;
    }

    public boolean hasDecompress() {
        return hasDecompress(decompressAUs);
    }

    /** The same device with a 4 KiB compress taking {@code us} (break-even search). */
    public Device withCompressLatency(double us) {
        return new Device(name, source, date, us, 0, decompressAUs, decompressBUsPerKib, submitUs, completeUs, engines,
                wqDepth, mode, batch, verify);
    }

    /** The same device with a 4 KiB decompress taking {@code us} (break-even search). */
    public Device withDecompressLatency(double us) {
        return new Device(name, source, date, compressAUs, compressBUsPerKib, us, 0, submitUs, completeUs, engines,
                wqDepth, mode, batch, verify);
    }

    /**
     * The validation's "device": a codec's own measured CPU time per call, in {@code sync} mode, free to
     * submit and complete, as many engines as callers (docs/OFFLOAD-MODEL.md §5).
     */
    public static Device software(String name, double compressUs, double decompressUs) {
        return new Device(name, "measured CPU time per call of the software path (validation)", "", compressUs, 0,
                decompressUs, 0, 0, 0, UNLIMITED_ENGINES, Integer.MAX_VALUE, CompletionMode.SYNC, 1, false);
    }

    /** A parameter file (native/IAA-PARAMS.md format 1, with optional {@code offload.*} keys). */
    public static Device of(OffloadParameters p, String fallbackName) {
        Map<String, String> o = p.offload();
        String name = o.getOrDefault("name", fallbackName);
        String huffman = o.getOrDefault("huffman", "fixed");
        OffloadParameters.JobCost c = p.jobCosts().get(huffman + ".compress");
        if (c == null) {
            throw new OffloadModelException(name + ": no job." + huffman + ".compress line (offload.huffman=" + huffman + ")");
        }
        OffloadParameters.JobCost d = p.jobCosts().get(huffman + ".decompress");
        int batch = integer(o, "batch", 1, name);
        boolean verify = switch (o.getOrDefault("verify", "0")) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new OffloadModelException(name + ": offload.verify must be 0 or 1, not " + o.get("verify"));
        };
        CompletionMode mode = CompletionMode.parse(o.getOrDefault("mode", "sync"));
        if (mode != CompletionMode.BATCH && batch != 1) {
            throw new OffloadModelException(name + ": offload.batch=" + batch + " needs offload.mode=batch");
        }
        return new Device(name, p.source(), p.date().toString(), c.aUs(), c.bUsPerKib(), d == null ? Double.NaN : d.aUs(),
                d == null ? Double.NaN : d.bUsPerKib(), p.submitUs(), p.completeUs(), p.engines(), p.wqDepth(), mode,
                batch, verify);
    }

    /** Reads a parameter file; a malformed one is an {@link OffloadModelException} naming the file and the key. */
    public static Device read(Path file) {
        try {
            return of(OffloadParameters.read(file), fileName(file));
        } catch (OffloadParameters.FormatException e) {
            throw new OffloadModelException(e.getMessage());
        }
    }

    private static String fileName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".properties") ? n.substring(0, n.length() - ".properties".length()) : n;
    }

    private static int integer(Map<String, String> o, String key, int dflt, String name) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new OffloadModelException(name + ": offload." + key + " is not an integer: " + v);
        }
    }

    /** One line: mode, latencies, CPU costs, engines. */
    public String describe() {
        return String.format(Locale.ROOT, "%s%s, verify %s, compress %.2f us, decompress %s, submit %.2f + complete %.2f us, "
                        + "%s engine(s), WQ %d", mode.label(), mode == CompletionMode.BATCH ? " " + batch : "",
                verify ? "on" : "off", compressLatencyUs(),
                hasDecompress() ? String.format(Locale.ROOT, "%.2f us", decompressLatencyUs()) : "n/a", submitUs,
                completeUs, engines == UNLIMITED_ENGINES ? "unlimited" : Integer.toString(engines), wqDepth);
    }
}
