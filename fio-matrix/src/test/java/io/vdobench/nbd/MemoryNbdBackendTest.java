package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MemoryNbdBackendTest {

    @Test
    void sparseZeroesWritesAndTrims() {
        var b = new MemoryNbdBackend(1 << 20);
        byte[] out = new byte[8192];
        Arrays.fill(out, (byte) 9);
        b.read(0, out, 0, 8192);
        assertArrayEquals(new byte[8192], out, "unwritten reads as zeroes");
        assertEquals(0, b.storedBlocks());

        byte[] data = new byte[12288];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        b.write(4096, data, 0, data.length);
        assertEquals(3, b.storedBlocks());
        data[0] = 0; // the backend keeps its own copy
        byte[] back = new byte[12288];
        b.read(4096, back, 0, back.length);
        assertEquals((byte) 7, back[0]);

        b.trim(8192, 4096);
        assertEquals(2, b.storedBlocks());
        byte[] mid = new byte[4096];
        b.read(8192, mid, 0, 4096);
        assertArrayEquals(new byte[4096], mid);
        assertTrue(b.statistics().contains("blocks stored            : 2"));
    }

    @Test
    void rejectsContractViolations() {
        var b = new MemoryNbdBackend(1 << 20);
        byte[] buf = new byte[8192];
        assertThrows(IllegalArgumentException.class, () -> b.write(100, buf, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> b.write(0, buf, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> b.read((1 << 20) - 4096, buf, 0, 8192));
        assertThrows(IllegalArgumentException.class, () -> b.trim(-4096, 4096));
        assertThrows(IndexOutOfBoundsException.class, () -> b.read(0, buf, 4096, 8192));
        assertThrows(IllegalArgumentException.class, () -> new MemoryNbdBackend(1000));
        assertThrows(IllegalArgumentException.class, () -> new MemoryNbdBackend(1 << 20, 3000));
    }
}
