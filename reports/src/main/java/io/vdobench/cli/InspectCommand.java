package io.vdobench.cli;

import io.vdobench.vdo.inspect.InspectPrinter;
import io.vdobench.vdo.inspect.ScanSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vdobench inspect FILE [--json]}: scans a file of raw 4 KiB blocks (a VDO backing image
 * or a dump of packed blocks), recognises dm-vdo 1.0 and tagged 2.0 packed blocks, and decodes
 * every fragment. Exit code 0 when the scan completed (even if fragments failed: they are
 * reported), 1 when the file cannot be read, 3 with {@code --fail-on-error} if a fragment failed.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Scan a file of raw 4 KiB blocks for VDO packed (compressed) blocks and decode every fragment.",
                "Prints per fragment: block index, slot, algorithm, compressed size, decompressed size, "
                        + "SHA-256 of the decompressed 4 KiB, or the error."})
public final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "raw image or block dump to scan")
    Path file;

    @Option(names = "--json", description = "print {\"blocks_scanned\": N, \"fragments\": [...]} as JSON")
    boolean json;

    @Option(names = "--fail-on-error", description = "exit with 3 if any fragment fails to decode")
    boolean failOnError;

    private final PrintStream out;
    private final PrintStream err;

    public InspectCommand() {
        this(new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err);
    }

    /** For tests and embedding: where output and errors go. */
    public InspectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (!Files.isReadable(file)) {
            err.println("inspect: cannot read " + file);
            return 1;
        }
        try {
            ScanSummary s = InspectPrinter.print(file, json, out);
            out.flush();
            return failOnError && s.failedFragments() > 0 ? 3 : 0;
        } catch (IOException e) {
            err.println("inspect: " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
