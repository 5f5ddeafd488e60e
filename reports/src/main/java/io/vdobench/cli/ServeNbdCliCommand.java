package io.vdobench.cli;

import io.vdobench.nbd.NbdServerConfig;
import io.vdobench.nbd.ServeNbdCommand;
import io.vdobench.nbd.VdoVolumeNbdBackend;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code vdobench serve-nbd}: a VDO pipeline volume over NBD, for real fio ({@code ioengine=nbd}). */
@Command(name = "serve-nbd", mixinStandardHelpOptions = true,
        description = {"Serve a VDO pipeline volume over NBD, for real fio (ioengine=nbd).",
            "Fixed newstyle; READ, WRITE, FLUSH, TRIM, DISC; on 127.0.0.1 or a unix socket. fio: --ioengine=nbd --uri=nbd://127.0.0.1:PORT/",
            "Type 'stats' or 'quit' on standard input; statistics are printed on exit (also on SIGTERM)."})
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

    @Option(names = "--port-file", description = "write the bound TCP port here (for --port 0)")
    Path portFile;

    @Option(names = "--export", defaultValue = "vdo", description = "export name (default ${DEFAULT-VALUE})")
    String export;

    @Option(names = "--max-connections", defaultValue = "256", description = "connection limit (default ${DEFAULT-VALUE})")
    int maxConnections;

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
        ServeNbdCommand.Storage kind = ServeNbdCommand.Storage.valueOf(storage.toUpperCase(java.util.Locale.ROOT));
        var options = new ServeNbdCommand.Options(port, unix, ServeNbdCommand.parseSize(size), policy, kind, file,
                portFile, NbdServerConfig.defaults().withExportName(export, "vdobench volume (policy " + policy + ")")
                        .withMaxConnections(maxConnections), threads, execution);
        return ServeNbdCommand.run(options, raw ? ServeNbdCommand.RAW_STORAGE : VdoVolumeNbdBackend.FACTORY,
                System.out, System.in);
    }
}
