package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixSelectionTest {
    static final Matrix M = Matrix.load();

    static String refused(String profile, List<String> patterns, List<String> sizes, List<Integer> jobs) {
        return assertThrows(IllegalArgumentException.class,
                () -> new MatrixSelection(profile, patterns, sizes, jobs).cases(M)).getMessage();
    }

    @Test
    void selectsLikeMatrixSelectForValuesTheProfileHas() {
        assertEquals(72, new MatrixSelection("quick", List.of(), List.of(), List.of()).cases(M).size());
        assertEquals(M.select("full", List.of(IoPattern.WRITE), List.of(65536), List.of(16)),
                new MatrixSelection("full", List.of("write"), List.of("64K"), List.of(16)).cases(M));
    }

    @Test
    void everyValueThatMatchesNothingIsNamedWithWhatTheProfileHas() {
        String m = refused("quick", List.of(), List.of("3k"), List.of());
        assertEquals("--sizes '3k': profile quick has 4k, 8k, 16k, 32k, 64k, 128k", m);
        m = refused("quick", List.of(), List.of("4k", "lots"), List.of());
        assertTrue(m.startsWith("--sizes 'lots': not a size; use 4k, 8k"), m);
        m = refused("quick", List.of(), List.of(), List.of(0));
        assertEquals("--jobs '0': profile quick has 1, 8, 16", m);
        m = refused("quick", List.of("randrw"), List.of(), List.of());
        assertTrue(m.startsWith("--patterns 'randrw': use write, read"), m);
        m = refused("smoke", List.of(), List.of("8k"), List.of());
        assertEquals("--sizes '8k': profile smoke has 4k, 128k, 64k", m);
        m = refused("nosuch", List.of(), List.of(), List.of());
        assertEquals("--profile 'nosuch': use " + String.join(", ", M.profiles().keySet()), m);
    }

    @Test
    void valuesThatExistButNeverMeetAreRefusedToo() {
        String m = refused("smoke", List.of("read"), List.of("128k"), List.of());
        assertEquals("--patterns read --sizes 128k: each exists in profile smoke, but no case has them together", m);
    }
}
