package io.vdobench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve-nbd --vdo-threads}: dm-vdo's thread counts, with dm-vdo's reason when they are refused. */
class ServeNbdVdoThreadsTest {

    private static ServeNbdCliCommand parse(String... args) {
        ServeNbdCliCommand c = new ServeNbdCliCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void threadCountsDefaultToDmVdosAndTakeATableSpec() {
        assertEquals(ThreadConfig.DEFAULT, parse().threads);
        assertEquals(ThreadConfig.parse("cpu=2,bio=1"), parse("--vdo-threads", "cpu=2,bio=1").threads);
    }

    @Test
    void executionIsInlineUnlessThreadsAreAskedFor() {
        assertEquals(Execution.INLINE, parse().execution);
        assertEquals(Execution.THREADS, parse("--execution", "threads").execution);
        var e = assertThrows(CommandLine.ParameterException.class, () -> parse("--execution", "parallel"));
        assertTrue(e.getMessage().contains("execution must be inline or threads"), e.getMessage());
    }

    @Test
    void aRefusedSpecIsAUsageErrorWithDmVdosReason() {
        var e = assertThrows(CommandLine.ParameterException.class, () -> parse("--vdo-threads", "logical=2"));
        assertTrue(e.getMessage().contains("Logical, physical, and hash zones counts must all be zero or all non-zero"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        var cpu = assertThrows(CommandLine.ParameterException.class, () -> parse("--vdo-threads", "cpu=0"));
        assertTrue(cpu.getMessage().contains("at least one 'cpu' thread required"), cpu.getMessage());
    }
}
