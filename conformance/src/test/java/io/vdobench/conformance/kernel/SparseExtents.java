package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data extents of a sparse file (lseek SEEK_DATA / SEEK_HOLE through FFM). A 12 GiB VDO backing
 * image holds a few hundred MiB of data; reading its holes costs tens of seconds here, so scans
 * visit only the extents. Falls back to one extent covering the file if the calls are unavailable.
 */
final class SparseExtents {
    record Extent(long start, long end) {
    }

    private static final int O_RDONLY = 0;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private SparseExtents() {
    }

    static List<Extent> of(Path file) throws IOException {
        long size = Files.size(file);
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            MethodHandle lseek = linker.downcallHandle(libc.find("lseek").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
            MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            MemorySegment name = arena.allocateFrom(file.toAbsolutePath().toString());
            int fd = (int) open.invokeExact(name, O_RDONLY);
            if (fd < 0) {
                throw new IOException("open(" + file + ") failed");
            }
            List<Extent> out = new ArrayList<>();
            try {
                long pos = 0;
                while (pos < size) {
                    long data = (long) lseek.invokeExact(fd, pos, SEEK_DATA);
                    if (data < 0) {
                        break; // ENXIO: no data after pos
                    }
                    long hole = (long) lseek.invokeExact(fd, data, SEEK_HOLE);
                    if (hole < 0) {
                        hole = size;
                    }
                    out.add(new Extent(data, hole));
                    pos = hole;
                }
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
            return out;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            // No FFM access or no such calls: scan everything (slow but correct).
            return List.of(new Extent(0, size));
        }
    }
}
