package io.vdobench.cli;

import io.vdobench.report.offload.Device;
import io.vdobench.report.offload.ModelReport;
import io.vdobench.report.offload.ModelRun;
import io.vdobench.report.offload.OffloadModelException;
import io.vdobench.report.offload.ParameterSets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vdobench model RUN_DIR}: the offload model on a matrix run (docs/OFFLOAD-MODEL.md). Writes
 * RUN_DIR/model.csv, model-validation.csv and model.md and prints model.md. Nothing it writes enters
 * results.csv, summary.csv or the gate.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"MODEL: what IAA hardware would do to this run. Replaces the offload policy's compression "
                + "(writes) or decompression (reads) by a device of each parameter set, on the run's measured stage "
                + "costs (RUN_DIR/stages/), and predicts its bandwidth next to the measured baseline; finds the "
                + "break-even device latency; validates the model on the software path (both policies' own codec "
                + "times as a sync device). Equations: docs/OFFLOAD-MODEL.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:usage error or unusable input (the reason is printed)"})
public final class ModelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory of ./run-matrix.sh (jmh engine)")
    Path dir;

    @Option(names = "--params", paramLabel = "SET|FILE", split = ",",
            description = "named parameter set(s) (" + "qpl-doc-sync-1engine, kernel-default-sync-verify, async-8engines, "
                    + "batch64-zswap; default: all) or parameter files in native/IAA-PARAMS.md's format (iaa-probe's output)")
    List<String> params = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "POLICY", description = "the measured policy to beat (default: ${DEFAULT-VALUE})")
    String baseline = "lz4";

    @Option(names = "--policy", paramLabel = "POLICY",
            description = "the policy whose codec the device replaces (default: ${DEFAULT-VALUE})")
    String policy = "iaa";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("RUN_DIR '" + dir + "' is not a directory");
        }
        try {
            List<Device> sets = new ArrayList<>();
            for (String p : params.isEmpty() ? ParameterSets.NAMES : params) {
                sets.add(ParameterSets.resolve(p));
            }
            ModelRun run = ModelRun.load(dir, baseline, policy);
            List<ModelRun.Row> rows = run.predict(sets);
            List<ModelRun.Check> checks = run.validate();
            run.writeModelCsv(rows);
            run.writeValidationCsv(checks);
            String md = ModelReport.markdown(run, sets, rows, checks);
            Files.writeString(dir.resolve(ModelRun.MARKDOWN), md);
            PrintWriter out = spec.commandLine().getOut();
            out.print(md);
            out.println("wrote " + dir.resolve(ModelRun.MODEL_CSV) + ", " + ModelRun.VALIDATION_CSV + ", " + ModelRun.MARKDOWN);
            out.flush();
            return CommandLine.ExitCode.OK;
        } catch (OffloadModelException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
