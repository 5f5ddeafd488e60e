package io.vdobench.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    @Test
    void ciIsWhatCiServicesSet() {
        assertTrue(Prerequisites.ci("true"));
        assertTrue(Prerequisites.ci("TRUE"));
        assertTrue(Prerequisites.ci("1"));
        assertFalse(Prerequisites.ci(null));
        assertFalse(Prerequisites.ci(""));
        assertFalse(Prerequisites.ci("false"));
        assertFalse(Prerequisites.ci("0"));
    }

    @Test
    void aMissingPrerequisiteSkipsLocallyAndFailsInCi() {
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> Prerequisites.unavailable("fio is not installed", false));
        assertTrue(skip.getMessage().startsWith("fio is not installed"), skip.getMessage());
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> Prerequisites.unavailable("fio is not installed", true));
        assertTrue(failure.getMessage().contains("CI=true") && failure.getMessage().contains("fio is not installed"),
                failure.getMessage());
    }

    @Test
    void theInstallerIsFoundFromAModuleDirectory() {
        Path script = Prerequisites.script();
        assertNotNull(script, "scripts/ensure-debian-package.sh above " + Path.of("").toAbsolutePath());
        assertTrue(Files.isRegularFile(script));
    }

    @Test
    void aToolAlreadyOnPathIsReturnedWithoutInstalling() {
        Path bash = Prerequisites.debianTool("bash", "no-such-command-vdobench", "bash");
        assertTrue(Files.isExecutable(bash), bash.toString());
        assertEquals("bash", bash.getFileName().toString());
        // A file, e.g. a header, counts as present when it exists.
        Path sh = Prerequisites.debianTool("dash", "/bin/sh");
        assertEquals(Path.of("/bin/sh"), sh);
    }

    @Test
    void blankNamesAreAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Prerequisites.debianTool("bash"));
        assertThrows(IllegalArgumentException.class, () -> Prerequisites.debianTool("bash", " "));
        assertThrows(IllegalArgumentException.class, () -> Prerequisites.debianTool("", "bash"));
    }
}
