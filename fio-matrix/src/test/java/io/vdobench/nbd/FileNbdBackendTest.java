package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNbdBackendTest {

    @Test
    void dataSurvivesReopen(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vol.img");
        byte[] data = new byte[8192];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i ^ 0x5a);
        }
        try (var b = new FileNbdBackend(f, 1 << 20)) {
            assertEquals(1 << 20, Files.size(f), "extended to the export size");
            b.write(65536, data, 0, data.length);
            b.flush();
            b.trim(0, 4096);
            assertTrue(b.statistics().contains("bytes written            : 8192"));
        }
        try (var b = new FileNbdBackend(f, 1 << 20)) {
            byte[] back = new byte[8192];
            b.read(65536, back, 0, back.length);
            assertArrayEquals(data, back);
            byte[] zero = new byte[4096];
            b.read(0, zero, 0, 4096);
            assertArrayEquals(new byte[4096], zero);
        }
    }
}
