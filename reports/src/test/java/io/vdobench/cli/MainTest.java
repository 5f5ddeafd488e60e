package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        assertTrue(r[2].contains("missing subcommand"), r[2]);
        assertTrue(r[2].contains("codecs"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
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

    /** Picocli reports a bad format string in a description as a "[picocli WARN]" line on System.err. */
    @Test
    void everyHelpTextRendersWithoutPicocliWarnings() {
        PrintStream stderr = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> rendered = new ArrayList<>();
        try {
            render(Main.commandLine(), rendered);
        } finally {
            System.setErr(stderr);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.isEmpty(), warnings);
        assertEquals(Main.SUBCOMMANDS.size() + 2, rendered.size(), "vdobench, help and every subcommand: " + rendered);
        assertTrue(rendered.stream().allMatch(h -> h.contains("Usage: ") && !h.contains("%n")), rendered.toString());
        assertTrue(rendered.stream().allMatch(h -> h.contains("--debug")), "--debug is offered everywhere");
    }

    private static void render(CommandLine cl, List<String> into) {
        StringWriter help = new StringWriter();
        cl.usage(new PrintWriter(help));
        into.add(help.toString());
        cl.getSubcommands().values().forEach(sub -> render(sub, into));
    }
}
