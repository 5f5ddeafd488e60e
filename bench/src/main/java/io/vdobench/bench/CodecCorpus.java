package io.vdobench.bench;

import io.vdobench.data.DataKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@link CodecBench}'s corpus to a file, so the C reference bench ({@code native/bench/cbench -n BLOCKS})
 * measures exactly the blocks the JMH bench measures.
 * Usage: {@code CodecCorpus KIND BLOCK_SIZE CORPUS_BYTES FILE} (CodecBench's defaults: FIO60, 4194304).
 */
public final class CodecCorpus {
    private CodecCorpus() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: CodecCorpus KIND BLOCK_SIZE CORPUS_BYTES FILE");
            System.exit(2);
        }
        byte[] c = CodecBench.corpus(DataKind.valueOf(args[0].toUpperCase(Locale.ROOT)), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        Files.write(Path.of(args[3]), c);
        System.out.println(c.length / Integer.parseInt(args[1]));
    }
}
