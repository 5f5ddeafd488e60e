package io.vdobench.cli;

import io.vdobench.ffm.iaa.OffloadParameters;
import io.vdobench.ffm.qpl.IaaProbe;
import io.vdobench.ffm.qpl.IaaSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vdobench iaa-probe}: measures libqpl's hardware path on a healthy IAA host ({@link IaaProbe}) and writes
 * the offload model's parameter file (native/IAA-PARAMS.md). Where the hardware path is unavailable it says why
 * and exits 1: it never measures the software path in its place.
 */
@Command(name = "iaa-probe", mixinStandardHelpOptions = true,
        description = {"Measure IAA through libqpl's hardware path: latency against size (4-128 KiB) at queue depth 1, "
                + "fixed and dynamic Huffman, pre-touched and cold buffers; throughput with 1/2/4/8 submitting threads; "
                + "submit and completion cost. Writes the offload model's parameter file (native/IAA-PARAMS.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured and written", "1:the hardware path is unavailable here (the reason is printed)",
                "2:usage error"})
public final class IaaProbeCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "parameter file to write (default: ${DEFAULT-VALUE})")
    Path out = Path.of("iaa-params.properties");

    @Option(names = "--quick", description = "fewer jobs per point and 0.3 s per throughput point (a first look)")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IaaSetup setup = IaaSetup.thisHost(true);
        if (!setup.hardwarePathUsable()) {
            err.println("iaa-probe: the hardware path is unavailable, nothing measured: " + setup.job().status()
                    + (setup.blocker().isEmpty() ? "" : "; " + setup.blocker()) + " (./vdobench iaa-doctor shows the fixes)");
            return 1;
        }
        OffloadParameters p = IaaProbe.run(setup, quick ? IaaProbe.Settings.QUICK : IaaProbe.Settings.DEFAULT);
        p.write(out);
        p.jobCosts().forEach((k, c) -> o.printf(Locale.ROOT, "%-20s %8.3f us + %8.4f us/KiB%n", k, c.aUs(), c.bUsPerKib()));
        p.throughput().forEach(t -> o.printf(Locale.ROOT, "%d thread(s): %,.0f jobs/s (%s %s %d B)%n",
                t.threads(), t.jobsPerSecond(), t.huffman(), t.op(), t.bytes()));
        o.printf(Locale.ROOT, "submit %.3f us, complete %.3f us; %d engines, WQ depth %d%n", p.submitUs(), p.completeUs(),
                p.engines(), p.wqDepth());
        o.println("wrote " + out);
        o.flush();
        return CommandLine.ExitCode.OK;
    }
}
