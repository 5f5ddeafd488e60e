package io.vdobench.ffm.iaa;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code vdobench iaa-probe} measured on one IAA host, for the offload model to read: per-job latency
 * {@code a + b·bytes} per Huffman mode and operation, engines, work-queue depth, the CPU cost of submitting and of
 * completing a job, the raw latency and throughput points, and the host's set-up. The file format (Java properties,
 * UTF-8, sorted) is specified in native/IAA-PARAMS.md; {@link #read} rejects anything else with the key at fault.
 *
 * @param source     {@code measured} for a probe's output; anything else (e.g. an example) says so
 * @param engines    engines in the probed work queue's group
 * @param wqDepth    the probed work queue's size (entries)
 * @param submitUs   wall time of one {@code qpl_submit_job} (µs; the submitting CPU is busy for it)
 * @param completeUs wall time of the {@code qpl_check_job} call that reaps a finished job (µs)
 * @param jobCosts   per {@code <huffman>.<op>} (e.g. {@code fixed.compress}) the fitted line
 * @param host       the host's set-up ({@code iaa.*} facts and {@code cpu.model}), written as {@code host.<key>}
 * @param offload    how the offload model drives the device ({@code offload.mode}, {@code .batch}, {@code .verify},
 *                   {@code .huffman}, {@code .name}): a choice, not a measurement, so the probe writes none
 */
public record OffloadParameters(int format, String source, Instant date, String libqpl, int engines, int wqDepth,
        double submitUs, double completeUs, Map<String, JobCost> jobCosts, List<LatencyPoint> latency,
        List<ThroughputPoint> throughput, Map<String, String> host, Map<String, String> offload) {

    /** A probe's output: no {@code offload.*} keys. */
    public OffloadParameters(int format, String source, Instant date, String libqpl, int engines, int wqDepth,
            double submitUs, double completeUs, Map<String, JobCost> jobCosts, List<LatencyPoint> latency,
            List<ThroughputPoint> throughput, Map<String, String> host) {
        this(format, source, date, libqpl, engines, wqDepth, submitUs, completeUs, jobCosts, latency, throughput, host,
                Map.of());
    }

    public static final int FORMAT = 1;
    static final String HEADER = "# vdobench IAA offload parameters (vdobench iaa-probe); format: native/IAA-PARAMS.md";

    /** Per-job latency {@code aUs + bUsPerKib · KiB}, fitted by least squares over the pre-touched medians. */
    public record JobCost(double aUs, double bUsPerKib) {
        public double latencyUs(int bytes) {
            return aUs + bUsPerKib * bytes / 1024.0;
        }
    }

    /** Median latency of one job at queue depth 1. {@code buffers}: {@code pretouched} or {@code cold}. */
    public record LatencyPoint(String huffman, String op, String buffers, int bytes, double medianUs) {
    }

    /** Jobs per second with {@code threads} submitting threads, each one job at a time. */
    public record ThroughputPoint(String huffman, String op, int bytes, int threads, double jobsPerSecond) {
    }

    /** A parameter file that is not one: names the key and why. */
    public static final class FormatException extends RuntimeException {
        public FormatException(String message) {
            super(message);
        }
    }

    public OffloadParameters {
        jobCosts = Map.copyOf(jobCosts);
        latency = List.copyOf(latency);
        throughput = List.copyOf(throughput);
        host = Map.copyOf(host);
        offload = Map.copyOf(offload);
    }

    /**
     * Fits {@code a + b·KiB} through {@code points} (least squares); {@code b} alone is not defined by one size,
     * so at least two distinct sizes are required.
     */
    public static JobCost fit(List<LatencyPoint> points) {
        int n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (LatencyPoint p : points) {
            double x = p.bytes() / 1024.0;
            sx += x;
            sy += p.medianUs();
            sxx += x * x;
            sxy += x * p.medianUs();
        }
        double den = n * sxx - sx * sx;
        if (n < 2 || den <= 0) {
            throw new IllegalArgumentException("a line needs at least two different sizes, got " + points);
        }
        double b = (n * sxy - sx * sy) / den;
        return new JobCost((sy - b * sx) / n, b);
    }

    public void write(Path file) {
        Map<String, String> m = new TreeMap<>();
        m.put("format", Integer.toString(format));
        m.put("source", source);
        m.put("date", date.toString());
        m.put("libqpl", libqpl);
        m.put("engines", Integer.toString(engines));
        m.put("wq_depth", Integer.toString(wqDepth));
        m.put("submit_us", num(submitUs));
        m.put("complete_us", num(completeUs));
        jobCosts.forEach((k, c) -> {
            m.put("job." + k + ".a_us", num(c.aUs()));
            m.put("job." + k + ".b_us_per_kib", num(c.bUsPerKib()));
        });
        for (LatencyPoint p : latency) {
            m.put("latency." + p.huffman() + "." + p.op() + "." + p.buffers() + "." + p.bytes() + "_us", num(p.medianUs()));
        }
        for (ThroughputPoint t : throughput) {
            m.put("throughput." + t.huffman() + "." + t.op() + "." + t.bytes() + ".threads_" + t.threads() + "_jobs_per_s",
                    num(t.jobsPerSecond()));
        }
        host.forEach((k, v) -> m.put("host." + k, v));
        offload.forEach((k, v) -> m.put("offload." + k, v));
        Properties p = new Properties();
        p.putAll(m);
        StringWriter sw = new StringWriter();
        try {
            p.store(sw, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>(sw.toString().lines().filter(l -> !l.startsWith("#")).sorted().toList());
        lines.add(0, HEADER);
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static final Pattern JOB = Pattern.compile("job\\.(fixed|dynamic)\\.(compress|decompress)\\.(a_us|b_us_per_kib)");
    private static final Pattern LATENCY = Pattern.compile(
            "latency\\.(fixed|dynamic)\\.(compress|decompress)\\.(pretouched|cold)\\.(\\d+)_us");
    private static final Pattern THROUGHPUT = Pattern.compile(
            "throughput\\.(fixed|dynamic)\\.(compress|decompress)\\.(\\d+)\\.threads_(\\d+)_jobs_per_s");
    private static final List<String> REQUIRED = List.of("format", "source", "date", "libqpl", "engines", "wq_depth",
            "submit_us", "complete_us");

    public static OffloadParameters read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        } catch (IOException e) {
            throw new FormatException(file + ": not a properties file: " + e.getMessage());
        }
    }

    /** Reads a parameter file from {@code in}; {@code file} names it in messages (e.g. a class-path resource). */
    public static OffloadParameters read(Reader in, String file) {
        Properties p = new Properties();
        try {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new FormatException(file + ": not a properties file: " + e.getMessage());
        }
        for (String k : REQUIRED) {
            if (p.getProperty(k) == null) {
                throw new FormatException(file + ": missing key " + k);
            }
        }
        int format = integer(p, "format", file);
        if (format != FORMAT) {
            throw new FormatException(file + ": format " + format + " is not the one this reader knows (" + FORMAT + ")");
        }
        Instant date;
        try {
            date = Instant.parse(p.getProperty("date").strip());
        } catch (DateTimeParseException e) {
            throw new FormatException(file + ": date is not an ISO-8601 instant: " + p.getProperty("date"));
        }
        Map<String, double[]> lines = new TreeMap<>();
        List<LatencyPoint> latency = new ArrayList<>();
        List<ThroughputPoint> throughput = new ArrayList<>();
        Map<String, String> host = new LinkedHashMap<>();
        Map<String, String> offload = new LinkedHashMap<>();
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            Matcher m;
            if ((m = JOB.matcher(k)).matches()) {
                double[] ab = lines.computeIfAbsent(m.group(1) + "." + m.group(2), x -> new double[] {Double.NaN, Double.NaN});
                ab[m.group(3).equals("a_us") ? 0 : 1] = number(p, k, file);
            } else if ((m = LATENCY.matcher(k)).matches()) {
                latency.add(new LatencyPoint(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)), number(p, k, file)));
            } else if ((m = THROUGHPUT.matcher(k)).matches()) {
                throughput.add(new ThroughputPoint(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), number(p, k, file)));
            } else if (k.startsWith("host.")) {
                host.put(k.substring(5), p.getProperty(k).strip());
            } else if (k.startsWith("offload.")) {
                offload.put(k.substring(8), p.getProperty(k).strip());
            } else if (!REQUIRED.contains(k)) {
                throw new FormatException(file + ": unknown key " + k);
            }
        }
        Map<String, JobCost> costs = new TreeMap<>();
        lines.forEach((k, ab) -> {
            if (Double.isNaN(ab[0]) || Double.isNaN(ab[1])) {
                throw new FormatException(file + ": job." + k + " needs both a_us and b_us_per_kib");
            }
            costs.put(k, new JobCost(ab[0], ab[1]));
        });
        if (!costs.containsKey("fixed.compress")) {
            throw new FormatException(file + ": missing job.fixed.compress.a_us / b_us_per_kib");
        }
        latency.sort(Comparator.comparing(LatencyPoint::huffman).thenComparing(LatencyPoint::op)
                .thenComparing(LatencyPoint::buffers).thenComparingInt(LatencyPoint::bytes));
        throughput.sort(Comparator.comparing(ThroughputPoint::huffman).thenComparing(ThroughputPoint::op)
                .thenComparingInt(ThroughputPoint::bytes).thenComparingInt(ThroughputPoint::threads));
        return new OffloadParameters(format, p.getProperty("source").strip(), date, p.getProperty("libqpl").strip(),
                integer(p, "engines", file), integer(p, "wq_depth", file), number(p, "submit_us", file),
                number(p, "complete_us", file), costs, latency, throughput, host, offload);
    }

    private static int integer(Properties p, String k, String file) {
        try {
            return Integer.parseInt(p.getProperty(k).strip());
        } catch (NumberFormatException e) {
            throw new FormatException(file + ": " + k + " is not an integer: " + p.getProperty(k));
        }
    }

    private static double number(Properties p, String k, String file) {
        try {
            double v = Double.parseDouble(p.getProperty(k).strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new FormatException(file + ": " + k + " is not a finite number: " + p.getProperty(k));
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
