package io.vdobench.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code vdobench} command answers a mistake: one line on stderr, prefixed with the
 * command's name, and an exit code; never a stack trace unless asked for.
 *
 * <ul>
 *   <li>A parse error (unknown option, missing value, a value picocli cannot convert) or a
 *       {@link UsageException} from a command: the message, exit 2.</li>
 *   <li>Any other exception from a command: its message (or, for file errors, what and which file),
 *       exit 1, with a pointer to {@code --debug}.</li>
 * </ul>
 *
 * <p>{@value #DEBUG_OPTION} (an option of every command, declared once on {@link Main}) or
 * {@value #DEBUG_ENV}{@code =1} adds the stack trace after that line. Installed by
 * {@link Main#commandLine()}, so every subcommand registered there gets it.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final String DEBUG_OPTION = "--debug";
    static final String DEBUG_ENV = "VDOBENCH_DEBUG";

    private final boolean debugFromEnvironment;

    CliErrors(boolean debugFromEnvironment) {
        this.debugFromEnvironment = debugFromEnvironment;
    }

    /** Installs the handlers on {@code cl} (the top-level command line: it handles all its subcommands). */
    static CommandLine install(CommandLine cl) {
        CliErrors h = new CliErrors(debugRequested(System.getenv(DEBUG_ENV)));
        return cl.setParameterExceptionHandler(h).setExecutionExceptionHandler(h);
    }

    /** {@code VDOBENCH_DEBUG} set to anything but empty, 0 or false. */
    static boolean debugRequested(String environmentValue) {
        return environmentValue != null && !environmentValue.isBlank()
                && !List.of("0", "false", "no").contains(environmentValue.trim().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String line = firstLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        String name = cmd.getCommandSpec().qualifiedName();
        report(cmd, line + " (see '" + name + " --help')", ex, Arrays.asList(args).contains(DEBUG_OPTION));
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        boolean debug = debugOptionGiven(parsed);
        if (ex instanceof UsageException) {
            report(cmd, firstLine(ex.getMessage()), ex, debug);
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        String hint = debug || debugFromEnvironment ? "" : " (" + DEBUG_OPTION + " prints the stack trace)";
        report(cmd, "failed: " + describe(ex) + hint, ex, debug);
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private void report(CommandLine cmd, String line, Exception ex, boolean debugOption) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + line);
        if (debugOption || debugFromEnvironment) {
            ex.printStackTrace(err);
        }
        err.flush();
    }

    private static boolean debugOptionGiven(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong, in one line: file errors say which file, others give their message. */
    static String describe(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (t instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (t instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (t instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : t.getClass().getSimpleName());
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : firstLine(m);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
