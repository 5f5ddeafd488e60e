package io.vdobench.nbd;

import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logic of {@code vdobench serve-nbd}: open a backend, serve it over NBD, print statistics on
 * request ({@code stats} on the command input) and on exit. The picocli wrapper lives with the
 * CLI; it only has to build {@link Options} and call {@link #run}.
 *
 * <p>Options are parsed and checked by the CLI ({@code io.vdobench.cli.ServeNbdCliCommand}); the
 * checks in {@link Options} guard the invariants for other callers. The backend comes from a
 * {@link BackendFactory}. {@link #RAW_STORAGE} serves plain memory or a
 * plain file and does NOT compress: it records {@code --policy} but cannot apply it. Serving a VDO
 * pipeline volume needs a factory that builds the volume with that policy.
 */
public final class ServeNbdCommand {
    private ServeNbdCommand() {}

    public enum Storage { MEMORY, FILE }

    /**
     * @param port      TCP port on 127.0.0.1 (0 = ephemeral); ignored when {@code unixSocket} is set
     * @param unixSocket unix socket path, or null for TCP
     * @param sizeBytes export size, a multiple of 4096
     * @param policy    compression policy name, passed through to the backend factory
     * @param storage   memory or file
     * @param file      backing file (required for FILE storage)
     * @param portFile  if non-null, the bound TCP port is written there (for scripts using port 0)
     * @param threads   dm-vdo's thread counts for the volume (null: dm-vdo's defaults)
     * @param execution where the volume runs its steps (null: inline)
     * @param format    FILE storage: format a new volume in the file; false: open the volume it holds
     */
    public record Options(int port, Path unixSocket, long sizeBytes, String policy, Storage storage, Path file,
                          Path portFile, NbdServerConfig server, ThreadConfig threads, Execution execution,
                          boolean format) {
        public Options {
            if (storage == Storage.FILE && file == null) {
                throw new IllegalArgumentException("--storage file needs --file PATH");
            }
            if (sizeBytes <= 0 || sizeBytes % NbdBackend.VDO_BLOCK_SIZE != 0) {
                throw new IllegalArgumentException("--size " + sizeBytes + " bytes: use a positive multiple of 4 KiB");
            }
            if (unixSocket == null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("--port " + port + ": use 0 to 65535");
            }
            if (server == null) {
                server = NbdServerConfig.defaults();
            }
            if (threads == null) {
                threads = ThreadConfig.DEFAULT;
            }
            if (execution == null) {
                execution = Execution.INLINE;
            }
        }

        /** A new volume (a FILE is formatted). */
        public Options(int port, Path unixSocket, long sizeBytes, String policy, Storage storage, Path file,
                       Path portFile, NbdServerConfig server, ThreadConfig threads, Execution execution) {
            this(port, unixSocket, sizeBytes, policy, storage, file, portFile, server, threads, execution, true);
        }

        /** With dm-vdo's default thread counts, run inline; a new volume. */
        public Options(int port, Path unixSocket, long sizeBytes, String policy, Storage storage, Path file,
                       Path portFile, NbdServerConfig server) {
            this(port, unixSocket, sizeBytes, policy, storage, file, portFile, server, ThreadConfig.DEFAULT,
                    Execution.INLINE);
        }
    }

    /** Opens the storage to serve; the server closes it after shutdown. */
    @FunctionalInterface
    public interface BackendFactory {
        NbdBackend open(Options options) throws IOException;
    }

    /** Plain memory or plain file, no VDO pipeline (the policy is not applied). */
    public static final BackendFactory RAW_STORAGE = o -> switch (o.storage()) {
        case MEMORY -> new MemoryNbdBackend(o.sizeBytes());
        case FILE -> new FileNbdBackend(o.file(), o.sizeBytes());
    };

    /**
     * Serves until {@code quit} arrives on {@code commands} or the JVM shuts down (standard input at
     * end-of-file keeps the server running, so it can run in the background). Prints the
     * statistics on exit. Returns the process exit code.
     */
    public static int run(Options options, BackendFactory factory, PrintStream out, InputStream commands)
            throws IOException {
        NbdBackend backend = factory.open(options);
        NbdServer server;
        try {
            server = options.unixSocket() != null
                    ? NbdServer.startUnix(backend, options.server(), options.unixSocket())
                    : NbdServer.startTcp(backend, options.server(), options.port());
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable finish = () -> {
            if (finished.compareAndSet(false, true)) {
                server.close();
                out.println("final statistics:");
                out.print(server.statistics());
                out.flush();
                try {
                    backend.close();
                } catch (Exception e) {
                    out.println("closing the backend failed: " + e);
                }
                stopped.countDown();
            }
        };
        Thread hook = new Thread(finish, "serve-nbd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (options.portFile() != null && server.port() >= 0) {
                Files.writeString(options.portFile(), server.port() + "\n");
            }
            out.println("serving " + backend.sizeBytes() + " bytes (policy " + options.policy() + ", storage "
                    + options.storage().name().toLowerCase(Locale.ROOT) + ") at " + server.uri());
            if (factory == RAW_STORAGE) {
                out.println("note: raw " + options.storage().name().toLowerCase(Locale.ROOT)
                        + " storage without the VDO pipeline: policy '" + options.policy() + "' is not applied");
            }
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.trim()) {
                    case "stats" -> out.print(server.statistics());
                    case "quit", "exit", "stop" -> {
                        finish.run();
                        return 0;
                    }
                    case "" -> { }
                    default -> out.println("commands: stats, quit");
                }
                out.flush();
            }
            stopped.await(); // input closed: serve until the JVM is asked to stop
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish.run();
            return 0;
        } finally {
            finish.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }
}
