package io.vdobench.vdo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** dm-vdo's thread-count table keys: defaults, limits and validation, as {@code dm-vdo-target.c} parses them. */
class ThreadConfigTest {

    @Test
    void defaultsAreDmVdosTableDefaults() {
        ThreadConfig d = ThreadConfig.DEFAULT;
        assertEquals(new ThreadConfig(1, 4, 64, 1, 0, 0, 0), d);
        assertEquals(d, ThreadConfig.parse("."));
        assertEquals("ack=1,bio=4,bioRotationInterval=64,cpu=1,hash=0,logical=0,physical=0", d.toString());
        assertTrue(d.singleZoneThread());
        assertEquals(List.of("reqQ", "dedupeQ", "ackQ", "cpuQ", "bioQ0", "bioQ1", "bioQ2", "bioQ3"), d.threadNames());
        assertEquals(1, d.logicalZoneCount());
        assertEquals(1, d.physicalZoneCount());
        assertEquals(1, d.hashZoneCount());
    }

    @Test
    void specsApplyOverTheDefaultsAndTheLastOneWins() {
        ThreadConfig c = ThreadConfig.parse(" cpu=2, bio=1 ,logical=3,physical=2,hash=1,ack=0,cpu=+3");
        assertEquals(new ThreadConfig(0, 1, 64, 3, 1, 3, 2), c);
        assertFalse(c.singleZoneThread());
        assertEquals(List.of("journalQ", "packerQ", "logQ0", "logQ1", "logQ2", "physQ0", "physQ1", "hashQ0", "dedupeQ",
                "cpuQ0", "cpuQ1", "cpuQ2", "bioQ0"), c.threadNames());
        assertEquals(c, ThreadConfig.parse(c.toString()), "toString is a valid spec");
    }

    @Test
    void theLimitsAreDmVdos() {
        ThreadConfig max = ThreadConfig.parse("ack=100,bio=100,bioRotationInterval=1024,cpu=100,hash=100,logical=60,physical=16");
        assertEquals(60, max.logicalZoneCount());
        assertEquals(1, ThreadConfig.parse("bioRotationInterval=1").bioRotationInterval());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "logical=61,physical=1,hash=1 | at most 60 'logical' threads are allowed",
        "logical=1,physical=17,hash=1 | at most 16 'physical' threads are allowed",
        "cpu=101                      | at most 100 'cpu' threads are allowed",
        "ack=101                      | at most 100 'ack' threads are allowed",
        "logical=1,physical=1,hash=101 | at most 100 'hash' threads are allowed",
        "cpu=0                        | at least one 'cpu' thread required",
        "bio=0                        | at least one 'bio' thread required",
        "bioRotationInterval=0        | 'bioRotationInterval' of at least 1 is required",
        "bioRotationInterval=1025     | 'bioRotationInterval' cannot be higher than 1024",
        "logical=1                    | must all be zero or all non-zero",
        "logical=2,physical=2         | must all be zero or all non-zero",
        "cpu=-1                       | integer value needed, found \"-1\"",
        "cpu=two                      | integer value needed, found \"two\"",
        "cpu=4294967296               | integer value needed",
        "cpu=                         | integer value needed",
        "cpu                          | expected thread parameter assignment, saw \"cpu\"",
        "cpu=1=2                      | expected thread parameter assignment",
        "cpu=1,,bio=2                 | expected thread parameter assignment, saw \"\"",
        "cpus=2                       | unknown thread parameter type \"cpus\"",
    })
    void badSpecsAreRefusedWithDmVdosReason(String spec, String reason) {
        ThreadConfigException e = assertThrows(ThreadConfigException.class, () -> ThreadConfig.parse(spec));
        assertTrue(e.getMessage().startsWith("thread config string error: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void theConstructorChecksTheSameRules() {
        assertThrows(ThreadConfigException.class, () -> new ThreadConfig(1, 4, 64, 0, 0, 0, 0));
        assertThrows(ThreadConfigException.class, () -> new ThreadConfig(-1, 4, 64, 1, 0, 0, 0));
        assertThrows(ThreadConfigException.class, () -> new ThreadConfig(1, 4, 64, 1, 1, 0, 0));
        assertThrows(ThreadConfigException.class, () -> ThreadConfig.parse(null));
    }

    @Test
    void theVolumeCarriesItsConfiguration() {
        ThreadConfig c = ThreadConfig.parse("cpu=2");
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(16).threads(c).build()) {
            assertEquals(c, v.threadConfig());
        }
        try (VdoVolume v = VdoVolume.builder().logicalBlocks(16).build()) {
            assertEquals(ThreadConfig.DEFAULT, v.threadConfig());
        }
        assertThrows(IllegalArgumentException.class, () -> VdoVolume.builder().threads(null));
    }
}
