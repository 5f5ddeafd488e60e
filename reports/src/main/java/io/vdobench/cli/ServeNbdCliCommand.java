package io.vdobench.cli;

import io.vdobench.nbd.NbdServerConfig;
import io.vdobench.nbd.ServeNbdCommand;
import io.vdobench.nbd.VdoVolumeNbdBackend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() throws Exception {
        ServeNbdCommand.Storage kind = ServeNbdCommand.Storage.valueOf(storage.toUpperCase(java.util.Locale.ROOT));
        var options = new ServeNbdCommand.Options(port, unix, ServeNbdCommand.parseSize(size), policy, kind, file,
                portFile, NbdServerConfig.defaults().withExportName(export, "vdobench volume (policy " + policy + ")")
                        .withMaxConnections(maxConnections));
        return ServeNbdCommand.run(options, raw ? ServeNbdCommand.RAW_STORAGE : VdoVolumeNbdBackend.FACTORY,
                System.out, System.in);
    }
}
