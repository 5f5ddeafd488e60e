package io.vdobench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code ./vdobench}: one CLI, one subcommand per job.
 *
 * <p>To add a subcommand, append a factory to {@link #SUBCOMMANDS}; nothing else needs to change
 * (help, usage, the launcher and {@link CliErrors}' one-line errors and {@code --debug} pick it up).
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
            MatrixFioCommand::new,
            FioCollectCommand::new,
            ModelCommand::new
    );

    @Spec
    CommandSpec spec;

    /** Read by {@link CliErrors} from the parse result; inherited, so it works after any subcommand too. */
    @Option(names = CliErrors.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "On an error, also print its stack trace (or set " + CliErrors.DEBUG_ENV + "=1).")
    boolean debug;

    /** A {@link CommandLine} with every subcommand registered and one-line errors ({@link CliErrors}). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Supplier<Object> s : SUBCOMMANDS) {
            cl.addSubcommand(s.get());
        }
        return CliErrors.install(cl);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Runs one subcommand as {@code vdobench NAME ARGS...} would (for the mains that scripts call). */
    static int execute(String subcommand, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = subcommand;
        System.arraycopy(args, 0, all, 1, args.length);
        return commandLine().execute(all);
    }

    /** No subcommand given: a usage error, in one line that lists the subcommands. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("vdobench: missing subcommand; use one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()) + " (see 'vdobench --help')");
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
