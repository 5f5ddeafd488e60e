package io.vdobench.ffm.cpu;

import io.vdobench.data.DataKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code DataKind.<KIND>.generate(length, seed)} to a file, so the C reference bench
 * (native/bench/cbench) reads byte-identical input to the JVM benches. Every kind's generator is
 * sequential, so the file's first B bytes equal {@code generate(B, seed)} for any B (a multiple of
 * 512 for the FIO kinds); later blocks simply continue the same stream.
 *
 * <pre>java -cp native/target/classes:pipeline/target/classes io.vdobench.ffm.cpu.DumpData FIO60 131072 42 /tmp/fio60.bin</pre>
 */
public final class DumpData {
    private DumpData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: DumpData KIND LENGTH SEED FILE   (KIND one of "
                    + java.util.Arrays.toString(DataKind.values()) + ")");
            System.exit(1);
        }
        DataKind kind = DataKind.valueOf(args[0].toUpperCase(Locale.ROOT));
        int length = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        Path file = Path.of(args[3]);
        Files.write(file, kind.generate(length, seed));
        System.err.println("wrote " + length + " bytes of " + kind + " (seed " + seed + ") to " + file);
    }
}
