package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void blockSizesPrintInFiosSpellingUpperCase() {
        assertEquals(List.of("4K", "128K", "1M", "1000", "1536"),
                List.of(4096, 131072, 1 << 20, 1000, 1536).stream().map(Units::blockSizeLabel).toList());
    }
}
