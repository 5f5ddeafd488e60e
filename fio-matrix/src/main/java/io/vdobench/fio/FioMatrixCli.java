package io.vdobench.fio;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line for the fio side of the matrix: {@code generate} job files for a kernel with dm-vdo,
 * {@code summary} of two policies' fio JSON results in the patch's format, {@code cases} to list.
 */
@Command(name = "fio-matrix", mixinStandardHelpOptions = true,
        description = "The dm-vdo LZ4-vs-IAA fio matrix: job files for a real device and the patch-style summary.",
        subcommands = {FioMatrixCli.Generate.class, FioMatrixCli.Summary.class, FioMatrixCli.JmhSummary.class,
            FioMatrixCli.Cases.class})
public final class FioMatrixCli implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with bad input reported as one "error:" line (exit 2), not a stack trace. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FioMatrixCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 2;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    static Matrix matrix(Path file) throws Exception {
        return file == null ? Matrix.load() : Matrix.load(file);
    }

    /** The options every case-selecting subcommand shares: which matrix, and which of its cases. */
    static final class CaseSelection {
        @Option(names = "--patterns", split = ",", description = "Restrict to rw values (write,read,randwrite,randread).")
        List<String> patterns = new ArrayList<>();
        @Option(names = "--sizes", split = ",", description = "Restrict to block sizes (4k,...,128k).")
        List<String> sizes = new ArrayList<>();
        @Option(names = "--jobs", split = ",", description = "Restrict to job counts (1,8,16).")
        List<Integer> jobs = new ArrayList<>();
        @Option(names = "--matrix", description = "Matrix JSON file (default: the built-in 72 cases).")
        Path matrixFile;

        Matrix matrix() throws Exception {
            return FioMatrixCli.matrix(matrixFile);
        }

        /** Every value must exist in the profile: see {@link MatrixSelection}. */
        List<MatrixCase> select(Matrix m, String profile) {
            return new MatrixSelection(profile, patterns, sizes, jobs).cases(m);
        }
    }

    /** What ran behind each policy, which result files from a kernel or JMH run do not record. */
    static final class CodecOptions {
        @Option(names = "--codec", paramLabel = "POLICY=ID",
                description = "Codec id behind a policy, e.g. iaa=qpl:path=hardware,huffman=fixed (repeatable; "
                        + "printed with the summary, default unknown).")
        Map<String, String> codecs = new LinkedHashMap<>();
        @Option(names = "--executed-path", paramLabel = "POLICY=PATH",
                description = "Path that executed it: hardware (an IAA device did the work), software, ffm, jni, "
                        + "java, jdk (repeatable; default unknown).")
        Map<String, String> paths = new LinkedHashMap<>();

        ComparisonSummary apply(ComparisonSummary s) {
            for (String p : concat(codecs.keySet(), paths.keySet())) {
                if (!p.equals(s.baseline()) && !p.equals(s.candidate())) {
                    throw new IllegalArgumentException("--codec/--executed-path name policy '" + p
                            + "', which is not compared (" + s.baseline() + ", " + s.candidate() + ")");
                }
            }
            return s.withCodecs(of(s.baseline()), of(s.candidate()));
        }

        private PolicyCodec of(String policy) {
            return new PolicyCodec(policy, codecs.get(policy), paths.get(policy));
        }

        private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    /** How the summary subcommands print: the text table, and optionally the CSVs. */
    static final class SummaryOutput {
        @Option(names = "--unit", defaultValue = "MB", description = "MB (10^6 B/s, default) or MIB (2^20 B/s).")
        BandwidthUnit unit;
        @Option(names = "--csv-dir", description = "Also write summary.csv and cases.csv here.")
        Path csvDir;

        void print(ComparisonSummary s) throws java.io.IOException {
            PrintWriter w = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            w.print(s.toText(unit));
            w.flush();
            if (csvDir != null) {
                Files.createDirectories(csvDir);
                Files.writeString(csvDir.resolve("summary.csv"), s.summaryCsv(unit));
                Files.writeString(csvDir.resolve("cases.csv"), s.casesCsv());
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write prefill.fio, one NN-<case>.fio per case and run.sh into a directory.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--device", required = true, description = "Block device or file, e.g. /dev/mapper/vdo0.")
        String device;
        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;
        @Option(names = "--profile", defaultValue = "full", description = "smoke, quick or full (default: ${DEFAULT-VALUE}).")
        String profile;
        @Option(names = "--ioengine", defaultValue = "libaio", description = "fio ioengine (default: ${DEFAULT-VALUE}).")
        String ioengine;
        @Option(names = "--iodepth", defaultValue = "1",
                description = "Outstanding I/Os per job (default: ${DEFAULT-VALUE}: concurrency comes from numjobs, as in the patch).")
        int iodepth;
        @Option(names = "--size", description = "Region per case (fio size, e.g. 16g); default: the whole device.")
        String size;
        @Option(names = "--split-region", description = "Give each job its own slice of --size (offset_increment).")
        boolean split;
        @Option(names = "--set", description = "Extra [global] option, e.g. --set numa_cpu_nodes=0 (repeatable).")
        Map<String, String> extra = new LinkedHashMap<>();
        @CommandLine.Mixin
        CaseSelection selection;

        @Override
        public Integer call() throws Exception {
            Matrix m = selection.matrix();
            JobFileOptions o = JobFileOptions.forDevice(device).withIoengine(ioengine).withIodepth(iodepth)
                    .withSize(size, split).withExtra(extra);
            List<Path> files = new JobFileGenerator(m, o).writeDirectory(out, profile,
                    selection.select(m, profile));
            System.out.printf("wrote %d job files, prefill.fio, run.sh and hook.sh to %s%n", files.size(), out);
            System.out.printf("next: %s/run.sh ab K   (one kernel with dm-vdo's iaa_enabled: K pairs per case), or%n"
                    + "      %s/run.sh POLICY K   (once per kernel/policy); FIO_CLIENTS=\"host1 host2\" for fio --client%n",
                    out, out);
            return 0;
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Compare policy B against baseline A from fio JSON result directories (run.sh output).")
    static final class Summary implements Callable<Integer> {
        @Parameters(index = "0", description = "Baseline as NAME=DIR, e.g. lz4=results/lz4")
        String baseline;
        @Parameters(index = "1", description = "Candidate as NAME=DIR, e.g. iaa=results/iaa")
        String candidate;
        @Option(names = "--profile", defaultValue = "full", description = "Cases that must be present (default: ${DEFAULT-VALUE}).")
        String profile;
        @CommandLine.Mixin
        SummaryOutput output;
        @CommandLine.Mixin
        CodecOptions ran;
        @CommandLine.Mixin
        CaseSelection selection;

        @Override
        public Integer call() throws Exception {
            Matrix m = selection.matrix();
            String[] a = nameDir(baseline);
            String[] b = nameDir(candidate);
            List<CaseResult> results = new ArrayList<>(FioCaseResults.fromDirectory(Path.of(a[1]), a[0], m));
            results.addAll(FioCaseResults.fromDirectory(Path.of(b[1]), b[0], m));
            ComparisonSummary s = PolicyComparison.compare(results, a[0], b[0],
                    selection.select(m, profile));
            output.print(ran.apply(s));
            return 0;
        }

        private static String[] nameDir(String s) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("expected NAME=DIR, got '" + s + "'");
            }
            return new String[] {s.substring(0, eq), s.substring(eq + 1)};
        }
    }

    @Command(name = "jmh-summary", mixinStandardHelpOptions = true,
            description = "The same summary from a JMH result file (-rf json) holding both policies.")
    static final class JmhSummary implements Callable<Integer> {
        @Parameters(index = "0", description = "JMH JSON result file.")
        Path file;
        @Option(names = "--baseline", required = true, description = "Policy A, e.g. lz4.")
        String baseline;
        @Option(names = "--candidate", required = true, description = "Policy B, e.g. iaa.")
        String candidate;
        @Option(names = "--profile", defaultValue = "quick", description = "Cases that must be present (default: ${DEFAULT-VALUE}).")
        String profile;
        @Option(names = "--param-pattern", defaultValue = "pattern", description = "@Param with the I/O pattern.")
        String pPattern;
        @Option(names = "--param-bs", defaultValue = "blockSize", description = "@Param with the block size.")
        String pBs;
        @Option(names = "--param-jobs", defaultValue = "jobs",
                description = "@Param with the job count, or #threads for JMH's thread count.")
        String pJobs;
        @Option(names = "--param-policy", defaultValue = "policy", description = "@Param with the policy.")
        String pPolicy;
        @Option(names = "--metric", description = "Secondary metric with the bandwidth (default: primary).")
        String metric;
        @CommandLine.Mixin
        SummaryOutput output;
        @CommandLine.Mixin
        CodecOptions ran;
        @CommandLine.Mixin
        CaseSelection selection;

        @Override
        public Integer call() throws Exception {
            Matrix m = selection.matrix();
            List<CaseResult> results = JmhCaseResults.parse(file, m,
                    new JmhCaseResults.ParamNames(pPattern, pBs, pJobs, pPolicy, metric));
            ComparisonSummary s = PolicyComparison.compare(results, baseline, candidate,
                    selection.select(m, profile));
            output.print(ran.apply(s));
            return 0;
        }
    }

    @Command(name = "cases", mixinStandardHelpOptions = true, description = "List a profile's cases.")
    static final class Cases implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "full", description = "Profile (default: ${DEFAULT-VALUE}).")
        String profile;
        @CommandLine.Mixin
        CaseSelection selection;

        @Override
        public Integer call() throws Exception {
            Matrix m = selection.matrix();
            MatrixProfile p = m.profile(profile);
            System.out.printf("profile %s: %s (ramp_time %d s, runtime %d s)%n", p.name(), p.description(),
                    p.rampSeconds(), p.runSeconds());
            for (MatrixCase c : selection.select(m, profile)) {
                System.out.printf("%-18s %s%n", c.id(), c.label());
            }
            return 0;
        }
    }
}
