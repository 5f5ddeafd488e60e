package io.vdobench.vdo.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vdobench.data.DataKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDeviceTest {
    @TempDir
    Path dir;

    void exercise(BlockDevice d) throws Exception {
        byte[] b = new byte[4096 + 10];
        d.read(999, b, 10);
        assertArrayEquals(new byte[4096], java.util.Arrays.copyOfRange(b, 10, 4106), "unwritten reads as zeros");
        byte[] x = DataKind.RANDOM.generate(4096, 1);
        byte[] y = DataKind.TEXT.generate(4096, 2);
        d.write(3, x, 0);
        d.write(999, y, 0);
        d.flush();
        byte[] got = new byte[4096];
        d.read(3, got, 0);
        assertArrayEquals(x, got);
        d.read(999, got, 0);
        assertArrayEquals(y, got);
        assertThrows(IllegalArgumentException.class, () -> d.read(1000, got, 0));
        assertThrows(IllegalArgumentException.class, () -> d.write(-1, got, 0));
        Path img = dir.resolve("export-" + d.getClass().getSimpleName());
        d.exportTo(img);
        assertEquals(1000L * 4096, Files.size(img));
        byte[] all = Files.readAllBytes(img);
        assertArrayEquals(x, java.util.Arrays.copyOfRange(all, 3 * 4096, 4 * 4096));
        assertArrayEquals(new byte[4096], java.util.Arrays.copyOfRange(all, 4 * 4096, 5 * 4096));
    }

    @Test
    void memoryDevice() throws Exception {
        try (MemoryBlockDevice d = new MemoryBlockDevice(1000)) {
            exercise(d);
        }
    }

    @Test
    void fileDevice() throws Exception {
        Path f = dir.resolve("dev.img");
        try (FileBlockDevice d = new FileBlockDevice(f, 1000)) {
            exercise(d);
        }
        // reopen: the data is in the file
        try (FileBlockDevice d = new FileBlockDevice(f, 1000)) {
            byte[] got = new byte[4096];
            d.read(3, got, 0);
            assertArrayEquals(DataKind.RANDOM.generate(4096, 1), got);
        }
    }
}
