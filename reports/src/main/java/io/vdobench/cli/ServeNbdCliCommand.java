package io.vdobench.cli;

import io.vdobench.fio.MatrixCase;
import io.vdobench.nbd.NbdServerConfig;
import io.vdobench.nbd.ServeNbdCommand;
import io.vdobench.nbd.VdoVolumeNbdBackend;
import io.vdobench.vdo.policy.Policies;
import java.nio.file.Files;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.ThreadConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code vdobench serve-nbd}: a VDO pipeline volume over NBD, for real fio ({@code ioengine=nbd}).
 *
 * <p>Every option is checked before anything is opened ({@link #options()}). With {@code --storage
 * file} the file holds the whole volume, data and metadata (super block, recovery journal, block map
 * pages, reference counts): {@code --format} makes a new volume in it (losing what it held); without
 * it serve-nbd reopens the volume the file holds (after a crash or {@code kill -9}, the recovery
 * journal is replayed: every write acknowledged before a completed flush is there).
 */
@Command(name = "serve-nbd", mixinStandardHelpOptions = true,
        description = {"Serve a VDO pipeline volume over NBD, for real fio (ioengine=nbd).",
            "Fixed newstyle; READ, WRITE, FLUSH, TRIM, DISC; on 127.0.0.1 or a unix socket. fio: --ioengine=nbd --uri=nbd://127.0.0.1:PORT/",
            "Type 'stats' or 'quit' on standard input; statistics are printed on exit (also on SIGTERM).",
            "--storage file --file F: F holds the volume (data and metadata); --format makes a new one in F, "
                    + "else the volume in F is reopened (recovered after a crash; its size is its own)."})
public final class ServeNbdCliCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "10809", description = "TCP port on 127.0.0.1; 0 = ephemeral (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--unix", description = "serve on this unix socket instead of TCP")
    Path unix;

    @Option(names = "--size", defaultValue = "1G", description = "export size, multiple of 4 KiB (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--policy", defaultValue = "lz4",
            description = "compression policy: lz4, iaa, iaa-hw, iaa-off, codec:<id>, deflate:<id> (default ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--storage", defaultValue = "memory", description = "memory or file (default ${DEFAULT-VALUE})")
    String storage;

    @Option(names = "--file", description = "backing file for --storage file")
    Path file;

    @Option(names = "--format", description = "--storage file: format a new volume of --size in the file, losing what it"
            + " held (without it, the volume the file holds is reopened)")
    boolean format;

    @Option(names = "--port-file", description = "write the bound TCP port here (for --port 0)")
    Path portFile;

    @Option(names = "--export", defaultValue = "vdo", description = "export name (default ${DEFAULT-VALUE})")
    String export;

    @Option(names = "--max-connections", defaultValue = "256", description = "connection limit (default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--idle-timeout", defaultValue = "0", paramLabel = "DURATION",
            description = "close a connection that sends no request for this long after the handshake, "
                    + "e.g. 90s, 5m, 1h; 0 = never (default ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(names = "--raw", description = "serve plain storage without the VDO pipeline (transport tests)")
    boolean raw;

    @Option(names = "--vdo-threads", paramLabel = "SPEC", defaultValue = ".", converter = ThreadSpec.class,
            description = "dm-vdo's thread counts as its table takes them, e.g. cpu=2,bio=4 (keys ack, bio,"
                    + " bioRotationInterval, cpu, hash, logical, physical; default: dm-vdo's,"
                    + " ack=1,bio=4,bioRotationInterval=64,cpu=1,hash=0,logical=0,physical=0)")
    ThreadConfig threads;

    @Option(names = "--execution", paramLabel = "MODE", defaultValue = "inline", converter = ExecutionSpec.class,
            description = "inline (every step on the connection's thread) or threads (dm-vdo's threads of"
                    + " --vdo-threads); default ${DEFAULT-VALUE}")
    Execution execution;

    static final class ExecutionSpec implements ITypeConverter<Execution> {
        @Override
        public Execution convert(String value) {
            return usageError(Execution::parse, value);
        }
    }

    /** A bad value is a usage error with the parser's reason (dm-vdo's, for thread counts), on one line. */
    private static <T> T usageError(Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class ThreadSpec implements ITypeConverter<ThreadConfig> {
        @Override
        public ThreadConfig convert(String value) {
            return usageError(ThreadConfig::parse, value);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServeNbdCommand.Options options = options();
        ServeNbdCommand.BackendFactory factory = raw ? ServeNbdCommand.RAW_STORAGE : o -> {
            VdoVolumeNbdBackend b = VdoVolumeNbdBackend.open(o);
            VdoVolume.OpenReport r = b.volume().openReport();
            if (r != null) {
                System.out.println("opened the volume in " + file + ": " + b.volume().logicalBlocks() + " logical blocks, "
                        + (r.clean() ? "closed cleanly" : "recovered after a crash (" + r.journalEntriesReplayed()
                        + " journal entries in " + r.journalBlocksReplayed() + " blocks replayed)") + ", "
                        + r.logicalBlocksUsed() + " blocks mapped");
            } else if (o.storage() == ServeNbdCommand.Storage.FILE) {
                System.out.println("formatted a new volume in " + file);
            }
            return b;
        };
        return ServeNbdCommand.run(options, factory, System.out, System.in);
    }

    /** Every option checked, before anything is opened; a mistake is a {@link UsageException}. */
    ServeNbdCommand.Options options() {
        if (unix == null && (port < 0 || port > 65535)) {
            throw UsageException.badValue("--port", port, "use 0 (any free port) to 65535");
        }
        long bytes;
        try {
            bytes = MatrixCase.parseSize(size);
        } catch (IllegalArgumentException e) {
            throw UsageException.badValue("--size", size, "use a size such as 4096, 64K, 256M or 1G");
        }
        if (bytes <= 0 || bytes % io.vdobench.nbd.NbdBackend.VDO_BLOCK_SIZE != 0) {
            throw UsageException.badValue("--size", size, "use a positive multiple of 4 KiB, e.g. 64K, 256M or 1G");
        }
        ServeNbdCommand.Storage kind = switch (storage.toLowerCase(Locale.ROOT)) {
            case "memory" -> ServeNbdCommand.Storage.MEMORY;
            case "file" -> ServeNbdCommand.Storage.FILE;
            default -> throw UsageException.badValue("--storage", storage, "use memory or file");
        };
        if (format && (kind != ServeNbdCommand.Storage.FILE || raw)) {
            throw new UsageException("--format is for a VDO volume on --storage file");
        }
        if (kind == ServeNbdCommand.Storage.FILE) {
            checkStorageFile();
        } else if (file != null) {
            throw new UsageException("--file is for --storage file (storage is " + storage + ")");
        }
        if (maxConnections < 1) {
            throw UsageException.badValue("--max-connections", maxConnections, "use 1 or more");
        }
        if (export.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
            throw new UsageException("--export: the name is longer than 4096 bytes, NBD's limit");
        }
        requireParentDirectory("--port-file", portFile);
        requireParentDirectory("--unix", unix);
        Duration idle = parseDuration("--idle-timeout", idleTimeout);
        if (!raw) {
            try {
                Policies.check(List.of(policy));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--policy: " + e.getMessage(), e);
            }
        }
        NbdServerConfig server = NbdServerConfig.defaults()
                .withExportName(export, "vdobench volume (policy " + policy + ")")
                .withMaxConnections(maxConnections)
                .withIdleTimeout(idle);
        return new ServeNbdCommand.Options(port, unix, bytes, policy, kind, file, portFile, server, threads, execution,
                format);
    }

    private void checkStorageFile() {
        if (file == null) {
            throw new UsageException("--storage file needs --file PATH");
        }
        if (Files.isDirectory(file)) {
            throw UsageException.badValue("--file", file, "is a directory; give a file to create or reuse");
        }
        requireParentDirectory("--file", file);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw UsageException.badValue("--file", file, "is not a regular file");
        }
        if (raw) {
            return; // plain storage keeps its bytes: serving an existing file again is what --raw is for
        }
        long length;
        try {
            length = Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            throw UsageException.badValue("--file", file, "cannot be read: " + e.getMessage());
        }
        if (length == 0 && !format) {
            throw UsageException.badValue("--file", file, "holds no volume; pass --format to make one");
        }
        if (!format) {
            byte[] block0 = new byte[4096];
            try (var in = Files.newInputStream(file)) {
                in.readNBytes(block0, 0, block0.length);
                io.vdobench.vdo.format.SuperBlock.decode(block0);
            } catch (java.io.IOException e) {
                throw UsageException.badValue("--file", file, "cannot be read: " + e.getMessage());
            } catch (io.vdobench.vdo.format.VdoException e) {
                throw UsageException.badValue("--file", file, "holds no volume to reopen (" + e.getMessage()
                        + "); pass --format to make a new one there, losing what it holds");
            }
        }
    }

    private static void requireParentDirectory(String option, Path path) {
        if (path == null) {
            return;
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw UsageException.badValue(option, path, "directory " + parent + " does not exist");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    /** {@code 0}, {@code 500ms}, {@code 90s} (a bare number is seconds), {@code 5m}, {@code 1h}. */
    static Duration parseDuration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw UsageException.badValue(option, text, "use a duration such as 0 (off), 500ms, 90s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
