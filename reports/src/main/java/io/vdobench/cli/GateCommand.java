package io.vdobench.cli;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.Codecs;
import io.vdobench.report.gate.DeterministicGate;
import io.vdobench.vdo.policy.Policies;
import io.vdobench.report.gate.Fingerprint;
import io.vdobench.report.gate.GateInputException;
import io.vdobench.report.gate.GateSettings;
import io.vdobench.report.gate.GateTable;
import io.vdobench.report.gate.JmhResult;
import io.vdobench.report.gate.SpeedGate;
import io.vdobench.report.gate.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vdobench gate}: the statistical speed gate over two plain JMH JSON files.
 * Exit 0 when nothing regressed, 1 on a (confirmed) regression, 2 on unusable input or INVALID results,
 * 3 when paired runs leave a benchmark SUSPECT (fresh rounds given as --confirm-baseline/--confirm decide).
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Regression gate: deterministic (exact bytes) and statistical (JMH speed).",
            "Speed: compares two JMH runs benchmark by benchmark: a significance test AND a minimum effect, direction from the unit, optional confirmation rerun (Mann-Whitney U on iterations or fork means; --unit pair: one-sided paired t-test on neighbouring forks).",
            "Exit: 0 no regression, 1 regression, 2 unusable input or INVALID results, 3 (--unit pair) a benchmark is"
                    + " SUSPECT: rerun fresh rounds and pass them as --confirm-baseline/--confirm to decide."})
public final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", description = "baseline JMH JSON (-rf json) for the speed gate; repeat to pool runs"
            + " (e.g. the two A runs of an ABBA pairing)")
    List<Path> baseline;

    @Option(names = "--current", description = "current JMH JSON for the speed gate; repeat to pool runs")
    List<Path> current;

    @Option(names = "--deterministic", description = "deterministic baseline CSV: fingerprint every available codec"
            + " now and compare bytes, sizes and round trips exactly")
    Path deterministic;

    @Option(names = "--write-deterministic", description = "write the current deterministic fingerprint here (re-baseline)")
    Path writeDeterministic;

    @Option(names = "--ab", paramLabel = "REF", description = "paired mode: build REF in a separate worktree and run"
            + " base and head interleaved ABBA on this host (scripts/gate-ab.sh)")
    String abRef;

    @Option(names = "--confirm", description = "a rerun of current: a regression must show in both to count;"
            + " repeat to pool runs")
    List<Path> confirm;

    @Option(names = "--confirm-baseline", description = "the baseline side of a paired (A/B) confirmation rerun;"
            + " without it the confirmation is judged against --baseline; repeat to pool runs")
    List<Path> confirmBaseline;

    @Option(names = "--unit", defaultValue = "iteration", paramLabel = "pair|fork|iteration",
            description = "the unit of replication: 'pair' pairs the i-th fork of --current with the i-th of"
                    + " --baseline (runs interleaved A B B A: a paired t-test on log ratios), 'fork' compares fork"
                    + " means as two samples, 'iteration' every iteration (default ${DEFAULT-VALUE})")
    String unit;

    @Option(names = "--md", description = "write the markdown table here too")
    Path markdownOut;

    @Option(names = "--csv", description = "write the CSV table here")
    Path csvOut;

    @Option(names = "--alpha", defaultValue = "0.01", description = "significance level (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--min-effect", defaultValue = "0.05", description = "smallest relative change flagged (default ${DEFAULT-VALUE})")
    double minEffect;

    @Option(names = "--noise-multiplier", defaultValue = "2.0",
            description = "floor is also >= this x the baseline's coefficient of variation (default ${DEFAULT-VALUE})")
    double noiseMultiplier;

    @Option(names = "--max-error", defaultValue = "0.30",
            description = "scoreError/score above this is INVALID (default ${DEFAULT-VALUE})")
    double maxError;

    @Option(names = "--min-samples", defaultValue = "9", description = "iterations needed per run (default ${DEFAULT-VALUE})")
    int minSamples;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (abRef != null) {
            return pairedAb(err);
        }
        if ((baseline == null) != (current == null)) {
            throw new UsageException("--baseline and --current go together");
        }
        if (confirmBaseline != null && confirm == null) {
            throw new UsageException("--confirm-baseline needs --confirm");
        }
        if (!List.of("pair", "fork", "iteration").contains(unit)) {
            throw UsageException.badValue("--unit", unit, "pair, fork or iteration");
        }
        checkFiles("--baseline", baseline);
        checkFiles("--current", current);
        checkFiles("--confirm", confirm);
        checkFiles("--confirm-baseline", confirmBaseline);
        checkFiles("--deterministic", deterministic == null ? null : List.of(deterministic));
        if (baseline == null && deterministic == null && writeDeterministic == null) {
            throw new UsageException("nothing to do: give --baseline/--current, --deterministic or --write-deterministic");
        }
        int code = 0;
        if (deterministic != null || writeDeterministic != null) {
            code = deterministicGate(out, err);
        }
        if (baseline != null) {
            code = Math.max(code == 1 ? 1 : code, speedGate(out, err));
        }
        return code;
    }

    /** Every input file must be there before any work (the deterministic gate fingerprints every codec). */
    private static void checkFiles(String option, List<Path> files) {
        if (files == null) {
            return;
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw UsageException.badValue(option, f, Files.isDirectory(f) ? "a file, not a directory" : "no such file");
            }
        }
    }

    /** {@code --ab}: the paired gate is orchestration (two builds, four JMH runs), kept in one script. */
    private int pairedAb(PrintWriter err) {
        String root = System.getProperty("vdobench.root");
        if (root == null || !Files.isExecutable(Path.of(root, "scripts", "gate-ab.sh"))) {
            err.println("gate: --ab needs the repository (run it through ./vdobench, or run scripts/gate-ab.sh REF)");
            return 2;
        }
        try {
            Process p = new ProcessBuilder(Path.of(root, "scripts", "gate-ab.sh").toString(), abRef)
                    .directory(Path.of(root).toFile()).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private int deterministicGate(PrintWriter out, PrintWriter err) {
        List<Fingerprint.Row> now = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        try (Codecs codecs = Codecs.load()) {
            for (Codec c : codecs.all()) {
                if (c.info().available()) {
                    now.addAll(Fingerprint.of(c));
                } else {
                    unavailable.put(c.id(), c.id() + " is unavailable on this host: " + c.info().reason());
                }
            }
            for (String policy : List.of("lz4", "iaa")) {
                try {
                    now.addAll(Fingerprint.ofPipeline(policy, Policies.create(policy, codecs)));
                } catch (CodecUnavailableException e) {
                    unavailable.put("pipeline:" + policy, "policy " + policy + " is unavailable on this host: "
                            + e.getMessage());
                }
            }
        }
        try {
            if (writeDeterministic != null) {
                try (Writer w = Files.newBufferedWriter(writeDeterministic)) {
                    DeterministicGate.write(now, w);
                }
                out.printf("gate: wrote deterministic baseline (%d rows) to %s%n", now.size(), writeDeterministic);
            }
            if (deterministic == null) {
                return 0;
            }
            List<Fingerprint.Row> base;
            try (Reader r = Files.newBufferedReader(deterministic)) {
                base = DeterministicGate.read(r);
            }
            int failed = 0;
            int judged = 0;
            int notJudged = 0;
            List<DeterministicGate.Finding> findings = DeterministicGate.compare(base, now, unavailable);
            for (DeterministicGate.Finding f : findings) {
                if (f.status() != DeterministicGate.Status.SAME) {
                    out.printf("deterministic: %-16s %s %s%n", f.status(), f.key(), f.detail());
                }
                failed += DeterministicGate.fails(f) ? 1 : 0;
                switch (f.status()) {
                    case SAME, CHANGED, BROKEN, MISSING -> judged++;
                    default -> notJudged++;
                }
            }
            out.printf("deterministic gate: %d baseline row(s), %d produced now; %d judged, %d not judged"
                    + " (reasons above), %d failed%n", base.size(), now.size(), judged, notJudged, failed);
            return failed > 0 ? 1 : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("gate: unusable input: no such file " + e.getFile());
            return 2;
        } catch (GateInputException e) {
            err.println("gate: unusable input: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int speedGate(PrintWriter out, PrintWriter err) {
        try {
            GateSettings.Replication replication = GateSettings.Replication.valueOf(unit.toUpperCase(java.util.Locale.ROOT));
            SpeedGate gate = new SpeedGate(new GateSettings(alpha, minEffect, noiseMultiplier, maxError, minSamples,
                    replication));
            List<JmhResult> base = JmhResult.pool(baseline);
            List<JmhResult> c2 = confirm == null ? null : JmhResult.pool(confirm);
            List<JmhResult> b2 = confirmBaseline == null ? base : JmhResult.pool(confirmBaseline);
            SpeedGate.Report report = gate.compare(base, JmhResult.pool(current), b2, c2);
            String md = GateTable.markdown(report);
            out.print(md);
            if (markdownOut != null) {
                Files.writeString(markdownOut, md);
            }
            if (csvOut != null) {
                StringWriter sw = new StringWriter();
                GateTable.csv(report.comparisons(), sw);
                Files.writeString(csvOut, sw.toString());
            }
            long regressions = report.comparisons().stream().filter(c -> c.verdict() == Verdict.REGRESSION).count();
            long missing = report.comparisons().stream().filter(c -> c.verdict() == Verdict.MISSING).count();
            long invalid = report.comparisons().stream().filter(c -> c.verdict() == Verdict.INVALID).count();
            if (regressions > 0 || missing > 0) {
                out.printf("gate: %d regression(s), %d benchmark(s) of the baseline missing from the current run%n",
                        regressions, missing);
                return 1;
            }
            if (invalid > 0) {
                err.printf("gate: %d INVALID result(s): the data cannot support a verdict (see table)%n", invalid);
                return 2;
            }
            long suspects = report.comparisons().stream().filter(c -> c.verdict() == Verdict.SUSPECT).count();
            if (suspects > 0) {
                out.printf("gate: %d SUSPECT benchmark(s): fresh paired rounds decide (--confirm-baseline, --confirm)%n",
                        suspects);
                return 3;
            }
            out.println("gate: no regression");
            return 0;
        } catch (GateInputException | IllegalArgumentException e) {
            err.println("gate: unusable input: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
