package io.vdobench.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shared library opened for FFM downcalls, or the reason it could not be.
 *
 * <p>Search order for each candidate file name: the directory named by the system property
 * {@code vdobench.native.dir} (where {@code native/provision.sh} puts what it builds, e.g. libqpl),
 * then the system's loader paths. The library stays loaded for the JVM's lifetime (global arena):
 * unloading code that other threads may still call is never worth the risk.
 */
public final class NativeLibrary {
    public static final Linker LINKER = Linker.nativeLinker();
    /** Zero-copy heap access for short, non-blocking calls. */
    public static final Linker.Option CRITICAL_HEAP = Linker.Option.critical(true);

    private final String name;
    private final SymbolLookup lookup;
    private final String path;
    private final String reason;

    private NativeLibrary(String name, SymbolLookup lookup, String path, String reason) {
        this.name = name;
        this.lookup = lookup;
        this.path = path;
        this.reason = reason;
    }

    /**
     * Opens the first loadable of {@code fileNames} (e.g. {@code "libisal.so.2", "libisal.so"}).
     * Never throws: a failure is reported by {@link #isLoaded()} and {@link #reason()}.
     */
    public static NativeLibrary open(String name, String... fileNames) {
        List<String> tried = new ArrayList<>();
        String dir = System.getProperty("vdobench.native.dir");
        for (String f : fileNames) {
            if (dir != null && !dir.isBlank()) {
                Path p = Path.of(dir, f);
                if (Files.isRegularFile(p)) {
                    try {
                        return new NativeLibrary(name, SymbolLookup.libraryLookup(p, Arena.global()), p.toString(), "");
                    } catch (RuntimeException e) {
                        tried.add(p + ": " + e.getMessage());
                    }
                }
            }
            try {
                return new NativeLibrary(name, SymbolLookup.libraryLookup(f, Arena.global()), f, "");
            } catch (RuntimeException e) {
                tried.add(f + ": " + e.getMessage());
            }
        }
        String hint = dir == null ? " (vdobench.native.dir not set; run native/provision.sh)" : " (searched " + dir + " and system paths)";
        return new NativeLibrary(name, null, "", name + " not found: " + String.join("; ", tried) + hint);
    }

    public String name() {
        return name;
    }

    public boolean isLoaded() {
        return lookup != null;
    }

    /** The file that was loaded, or "" when none. */
    public String path() {
        return path;
    }

    /** Why the library is not loaded, or "". */
    public String reason() {
        return reason;
    }

    public Optional<MemorySegment> find(String symbol) {
        return lookup == null ? Optional.empty() : lookup.find(symbol);
    }

    /**
     * A downcall handle for {@code symbol}.
     *
     * @throws UnsatisfiedLinkError when the library is not loaded or lacks the symbol
     */
    public MethodHandle downcall(String symbol, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment addr = find(symbol).orElseThrow(() -> new UnsatisfiedLinkError(
                isLoaded() ? name + " has no symbol " + symbol : reason));
        return LINKER.downcallHandle(addr, fd, options);
    }

    @Override
    public String toString() {
        return isLoaded() ? name + " (" + path + ")" : name + " unavailable: " + reason;
    }
}
