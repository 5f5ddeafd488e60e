package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CliErrorsTest {
    /** A subcommand that fails the ways commands can. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Option(names = "--how")
        String how = "bug";

        @Override
        public Integer call() {
            throw switch (how) {
                case "usage" -> UsageException.badValue("--how", how, "use bug or file");
                case "file" -> new UncheckedIOException(new NoSuchFileException("/no/such/input.csv"));
                default -> new IllegalStateException("the packer lost a fragment\nsecond line");
            };
        }
    }

    record Result(int exit, String err) {}

    static Result run(boolean debugEnvironment, String... args) {
        CommandLine cl = new CommandLine(new Main()).addSubcommand(new Boom());
        CliErrors h = new CliErrors(debugEnvironment);
        cl.setParameterExceptionHandler(h).setExecutionExceptionHandler(h);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return new Result(cl.execute(args), err.toString());
    }

    @Test
    void aUsageExceptionIsOneLineAndExitTwo() {
        Result r = run(false, "boom", "--how", "usage");
        assertEquals(2, r.exit());
        assertEquals("vdobench boom: --how 'usage': use bug or file", r.err().strip());
    }

    @Test
    void anyOtherFailureIsOneLineExitOneWithAPointerToDebug() {
        Result r = run(false, "boom");
        assertEquals(1, r.exit());
        assertEquals("vdobench boom: failed: the packer lost a fragment (--debug prints the stack trace)", r.err().strip());
        r = run(false, "boom", "--how", "file");
        assertEquals("vdobench boom: failed: no such file: /no/such/input.csv (--debug prints the stack trace)",
                r.err().strip());
    }

    @Test
    void parseErrorsNameTheOptionAndPointToHelp() {
        Result r = run(false, "boom", "--hwo", "x");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("'--hwo'") && r.err().contains("'vdobench boom --help'"), r.err());
    }

    @Test
    void debugAddsTheStackTraceAfterTheSameLine() {
        for (String[] args : new String[][] {{"boom", "--debug"}, {"--debug", "boom"}}) {
            Result r = run(false, args);
            assertEquals(1, r.exit());
            assertTrue(r.err().startsWith("vdobench boom: failed: the packer lost a fragment\n"), r.err());
            assertTrue(r.err().contains("java.lang.IllegalStateException") && r.err().contains("at io.vdobench.cli"),
                    r.err());
        }
        Result r = run(true, "boom");
        assertTrue(r.err().contains("at io.vdobench.cli"), "VDOBENCH_DEBUG=1 does the same: " + r.err());
        assertFalse(run(false, "boom").err().contains("at io.vdobench"));
    }

    @Test
    void theEnvironmentVariableMeansYesUnlessEmptyOrNo() {
        assertTrue(CliErrors.debugRequested("1"));
        assertTrue(CliErrors.debugRequested("yes"));
        assertFalse(CliErrors.debugRequested(null));
        assertFalse(CliErrors.debugRequested(""));
        assertFalse(CliErrors.debugRequested("0"));
        assertFalse(CliErrors.debugRequested("false"));
    }
}
