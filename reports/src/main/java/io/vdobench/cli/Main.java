package io.vdobench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code ./vdobench}: one CLI, one subcommand per job.
 *
 * <p>To add a subcommand, append a factory to {@link #SUBCOMMANDS}; nothing else needs to change
 * (help, usage and the launcher pick it up).
 */
@Command(name = "vdobench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Benchmark and conformance suite for dm-vdo compression backends "
                + "(LZ4, Intel IAA via libqpl, ISA-L, libdeflate, zlib).",
        subcommands = CommandLine.HelpCommand.class)
public final class Main implements java.util.concurrent.Callable<Integer> {

    /**
     * Every subcommand, in the order {@code --help} lists them. Factories, not instances, so each
     * {@link #commandLine()} gets fresh command objects.
     */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(
            CodecsCommand::new,
            IaaDoctorCommand::new,
            IaaProbeCommand::new,
            InspectCommand::new,
            ServeNbdCliCommand::new,
            ReportCommand::new,
            GateCommand::new,
            MatrixCommand::new,
            MatrixFioCommand::new
    );

    @Spec
    CommandSpec spec;

    /** A {@link CommandLine} with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Supplier<Object> s : SUBCOMMANDS) {
            cl.addSubcommand(s.get());
        }
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** No subcommand given: show what there is, as a usage error. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing subcommand.");
        spec.commandLine().usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    /** Version from the jar manifest, or the build's default when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vdobench " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
