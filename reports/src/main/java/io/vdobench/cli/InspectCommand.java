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
 * reported), 2 when FILE is missing, unreadable or not a regular file (a FIFO, a directory, a
 * device without {@code --device}: a FIFO with no writer would block the scan forever), 1 when
 * reading fails midway, 3 with {@code --fail-on-error} if a fragment failed.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Scan a file of raw 4 KiB blocks for VDO packed (compressed) blocks and decode every fragment.",
                "Prints per fragment: block index, slot, algorithm, compressed size, decompressed size, "
                        + "SHA-256 of the decompressed 4 KiB, or the error.",
                "FILE must be a regular file, or a block or character device with --device."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scanned (failed fragments are listed)", "1:reading failed midway",
                "2:usage error: FILE missing, unreadable or not a regular file", "3:--fail-on-error and a fragment failed"})
public final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "raw image or block dump to scan")
    Path file;

    @Option(names = "--json", description = "print {\"blocks_scanned\": N, \"fragments\": [...]} as JSON")
    boolean json;

    @Option(names = "--fail-on-error", description = "exit with 3 if any fragment fails to decode")
    boolean failOnError;

    @Option(names = "--device", description = "FILE may be a block or character device (read to its end)")
    boolean device;

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
        checkFile();
        try {
            ScanSummary s = InspectPrinter.print(file, json, out);
            out.flush();
            return failOnError && s.failedFragments() > 0 ? 3 : 0;
        } catch (IOException e) {
            err.println("inspect: " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /** FILE must be something a scan reads to its end: a regular file, or a device when asked for. */
    private void checkFile() {
        if (!Files.exists(file)) {
            throw UsageException.badValue("FILE", file, "no such file");
        }
        String kind = kind(file);
        boolean ok = kind.equals("regular file") || device && kind.endsWith("device");
        if (!ok) {
            throw UsageException.badValue("FILE", file, "is a " + kind + "; give a regular file"
                    + (kind.endsWith("device") ? ", or pass --device to scan the device" : "")
                    + (kind.equals("FIFO") ? " (a FIFO with no writer would never end)" : ""));
        }
        if (!Files.isReadable(file)) {
            throw UsageException.badValue("FILE", file, "cannot be read (permission denied)");
        }
    }

    /** The file type from the mode bits (S_IFMT) of stat(2), which Java's basic attributes lump as "other". */
    static String kind(Path p) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isRegularFile(p) ? "regular file" : Files.isDirectory(p) ? "directory" : "special file";
        }
        return switch (mode & 0170000) {
            case 0100000 -> "regular file";
            case 0040000 -> "directory";
            case 0010000 -> "FIFO";
            case 0140000 -> "socket";
            case 0060000 -> "block device";
            case 0020000 -> "character device";
            default -> "special file";
        };
    }
}
