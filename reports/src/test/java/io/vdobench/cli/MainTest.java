package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void helpListsEverySubcommand() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("Commands:"), r[1]);
        assertTrue(r[1].contains("codecs"), r[1]);
        assertTrue(r[1].contains("help"), r[1]);
        assertEquals(Main.SUBCOMMANDS.size() + 1, Main.commandLine().getSubcommands().size());
    }

    @Test
    void noSubcommandIsAUsageError() {
        String[] r = run();
        assertEquals(String.valueOf(CommandLine.ExitCode.USAGE), r[0]);
        assertTrue(r[2].contains("Missing subcommand"), r[2]);
        assertTrue(r[2].contains("codecs"), r[2]);
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        String[] r = run("no-such-command");
        assertEquals(String.valueOf(CommandLine.ExitCode.USAGE), r[0]);
    }

    @Test
    void codecsHelpDescribesTheOptions() {
        String[] r = run("codecs", "--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("--self-test"), r[1]);
        assertTrue(r[1].contains("--json"), r[1]);
    }
}
