package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vdobench.data.DataKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C bench's input file must hold, for every block size, exactly the JVM bench's block. */
class DumpDataTest {

    @Test
    void firstBlockOfTheFileIsTheGeneratedBlockForEveryKindAndSize(@TempDir Path dir) throws Exception {
        for (DataKind kind : DataKind.values()) {
            Path f = dir.resolve(kind + ".bin");
            DumpData.main(new String[] {kind.name(), "131072", "42", f.toString()});
            byte[] file = Files.readAllBytes(f);
            for (int size : CpuCodecs.BLOCK_SIZES) {
                assertArrayEquals(kind.generate(size, 42), Arrays.copyOf(file, size), kind + " " + size);
            }
        }
    }
}
