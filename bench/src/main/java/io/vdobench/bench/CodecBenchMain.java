package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBench} over every <em>available</em> codec (JMH's {@code @Param} list is static,
 * so plain {@code java -jar benchmarks.jar} can only run the defaults or what {@code -p} names) and
 * prints a summary: compress and decompress MB/s and the compression ratio per codec and block size.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.vdobench.bench.CodecBenchMain \
 *      [--profile quick|standard] [--summary FILE.csv] [any JMH option, e.g. -p blockSize=4096 -rf json -rff out.json]
 * </pre>
 * JMH options given on the command line win over the profile. Without {@code -p codec=...} every
 * available codec runs; without a benchmark regexp both {@code compress} and {@code decompress} run.
 * Exit code 1 when a requested benchmark produced no result (it failed; JMH printed why).
 */
public final class CodecBenchMain {
    /** Iteration settings; {@code standard} keeps the annotations on {@link CodecBench}. */
    enum Profile {
        /**
         * A newcomer's first run and run-matrix.sh: about 5 s per benchmark including the fork, so
         * that every codec at two block sizes stays within 10 minutes on 2 cores (88 benchmarks
         * with 22 codecs). Short warm-up is enough because set-up has already round-tripped the
         * whole corpus through the codec. Five short measurement iterations rather than three
         * long ones: JMH's 99.9 % interval uses Student's t, 31.6 for 3 samples but 8.6 for 5.
         */
        QUICK(1, 2, TimeValue.milliseconds(500), 5, TimeValue.milliseconds(500)),
        STANDARD(-1, -1, null, -1, null);

        final int forks;
        final int warmups;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue iterationTime;

        Profile(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime) {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
        }
    }

    private CodecBenchMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Profile profile = Profile.STANDARD;
        Path summary = null;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profile = Profile.valueOf(value(args, ++i, "--profile").toUpperCase(Locale.ROOT));
                case "--summary" -> summary = Path.of(value(args, ++i, "--summary"));
                default -> jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("CodecBenchMain: " + e.getMessage());
            return 2;
        }
        if (cmd.shouldHelp()) {
            out.println("CodecBenchMain [--profile quick|standard] [--summary FILE.csv] [JMH options]; JMH options:");
            cmd.showHelp();
            return 0;
        }

        OptionsBuilder b = new OptionsBuilder();
        b.parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            b.include(CodecBench.class.getName() + "\\.");
        }
        if (!cmd.getParameter("codec").hasValue()) {
            List<String> ids = availableIds();
            if (ids.isEmpty()) {
                System.err.println("CodecBenchMain: no codec is available");
                return 1;
            }
            b.param("codec", ids.toArray(String[]::new));
        }
        applyProfile(b, cmd, profile);

        Collection<RunResult> results;
        try {
            results = runWaitingForOtherJmhRuns(b);
        } catch (RunnerException e) {
            System.err.println("CodecBenchMain: " + e.getMessage());
            return 1;
        }
        List<Row> rows = rows(results);
        printTable(rows, out);
        if (summary != null) {
            writeCsv(rows, summary);
            out.println("summary written to " + summary);
        }
        long expected = expectedRuns(cmd, b);
        if (results.size() < expected) {
            System.err.printf("CodecBenchMain: %d of %d benchmarks produced no result (see the errors above)%n",
                    expected - results.size(), expected);
            return 1;
        }
        return 0;
    }

    /** How long to wait for another JMH run on this machine before giving up. */
    static final long LOCK_WAIT_MILLIS = Long.getLong("vdobench.jmhLockWaitSeconds", 1800) * 1000;

    /**
     * JMH refuses to start while another JMH run holds its machine-wide lock ({@code /tmp/jmh.lock}):
     * two benchmarks at once would distort each other. Wait for it instead of failing, and never
     * override it ({@code -Djmh.ignoreLock}).
     */
    private static Collection<RunResult> runWaitingForOtherJmhRuns(OptionsBuilder b) throws RunnerException {
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        boolean told = false;
        while (true) {
            try {
                return new Runner(b.build()).run();
            } catch (RunnerException e) {
                String m = String.valueOf(e.getMessage());
                if (!m.contains("JMH lock") || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                if (!told) {
                    System.err.println("CodecBenchMain: another JMH run holds /tmp/jmh.lock; waiting for it to finish "
                            + "(up to " + LOCK_WAIT_MILLIS / 60000 + " min)");
                    told = true;
                }
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> availableIds() {
        BenchSupport.defaultNativeDir();
        try (Codecs codecs = Codecs.load()) {
            return codecs.available().stream().map(Codec::id).map(CodecIds::toJmh).toList();
        }
    }

    private static void applyProfile(OptionsBuilder b, CommandLineOptions cmd, Profile p) {
        if (p == Profile.STANDARD) {
            return;
        }
        if (!cmd.getForkCount().hasValue()) {
            b.forks(p.forks);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            b.warmupIterations(p.warmups);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            b.warmupTime(p.warmupTime);
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            b.measurementIterations(p.iterations);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            b.measurementTime(p.iterationTime);
        }
    }

    /** Benchmarks × codecs × block sizes × data kinds × corpus sizes that were asked for. */
    private static long expectedRuns(CommandLineOptions cmd, OptionsBuilder b) {
        var o = b.build();
        long n = cmd.getIncludes().isEmpty() ? 2 : -1;
        if (n < 0) {
            return 0; // a custom regexp: the count is JMH's business
        }
        for (String p : List.of("codec", "blockSize", "data", "corpusBytes")) {
            n *= o.getParameter(p).hasValue() ? o.getParameter(p).get().size() : defaultCount(p);
        }
        return n;
    }

    private static int defaultCount(String param) {
        try {
            return CodecBench.class.getField(param).getAnnotation(org.openjdk.jmh.annotations.Param.class).value().length;
        } catch (NoSuchFieldException e) {
            return 1;
        }
    }

    /** One codec × block size × data kind, with both directions. */
    record Row(String codec, int blockSize, String data, double compressMBps, double compressErr,
               double decompressMBps, double decompressErr, double ratio) {
    }

    static List<Row> rows(Collection<RunResult> results) {
        Map<String, double[]> byKey = new TreeMap<>();
        Map<String, String[]> keyParts = new TreeMap<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String codec = params.getParam("codec");
            String size = params.getParam("blockSize");
            String data = params.getParam("data");
            if (codec == null || size == null) {
                continue;
            }
            String key = codec + "|" + String.format("%07d", Integer.parseInt(size)) + "|" + data;
            keyParts.put(key, new String[] {codec, size, data});
            double[] v = byKey.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            Map<String, Result> sec = r.getSecondaryResults();
            Result mb = sec.get("uncompressedMB");
            Result cmb = sec.get("compressedMB");
            if (mb == null) {
                continue;
            }
            if (params.getBenchmark().endsWith(".compress")) {
                v[0] = mb.getScore();
                v[1] = mb.getScoreError();
                v[4] = cmb == null || cmb.getScore() == 0 ? Double.NaN : mb.getScore() / cmb.getScore();
            } else if (params.getBenchmark().endsWith(".decompress")) {
                v[2] = mb.getScore();
                v[3] = mb.getScoreError();
            }
        }
        List<Row> rows = new ArrayList<>();
        byKey.forEach((k, v) -> {
            String[] p = keyParts.get(k);
            rows.add(new Row(CodecIds.fromJmh(p[0]), Integer.parseInt(p[1]), p[2], v[0], v[1], v[2], v[3], v[4]));
        });
        return rows;
    }

    static void printTable(List<Row> rows, PrintStream out) {
        out.println();
        out.printf("%-40s %7s %-6s %20s %20s %7s%n", "codec", "block", "data", "compress MB/s", "decompress MB/s", "ratio");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-40s %7d %-6s %20s %20s %7.3f%n", r.codec(), r.blockSize(), r.data(),
                    withError(r.compressMBps(), r.compressErr()), withError(r.decompressMBps(), r.decompressErr()), r.ratio());
        }
        out.println("(MB = 10^6 bytes of uncompressed data; ratio = uncompressed / compressed bytes, "
                + "a block that does not fit counted as stored whole; +- is JMH's 99.9% error)");
    }

    private static String withError(double score, double err) {
        if (Double.isNaN(score)) {
            return "-";
        }
        return Double.isNaN(err) ? String.format(Locale.ROOT, "%.1f", score)
                : String.format(Locale.ROOT, "%.1f +- %.1f", score, err);
    }

    static void writeCsv(List<Row> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(
                "codec,block_size,data,compress_mb_s,compress_mb_s_error,decompress_mb_s,decompress_mb_s_error,ratio\n");
        for (Row r : rows) {
            sb.append('"').append(r.codec().replace("\"", "\"\"")).append('"').append(',')
                    .append(r.blockSize()).append(',').append(r.data()).append(',')
                    .append(num(r.compressMBps())).append(',').append(num(r.compressErr())).append(',')
                    .append(num(r.decompressMBps())).append(',').append(num(r.decompressErr())).append(',')
                    .append(num(r.ratio())).append('\n');
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
    }
}
