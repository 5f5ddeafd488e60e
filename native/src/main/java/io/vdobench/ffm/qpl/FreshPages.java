package io.vdobench.ffm.qpl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.vdobench.ffm.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Anonymous pages straight from {@code mmap}, never touched by the CPU: the probe's "cold" output buffer, so the
 * first device write to each page takes an IOMMU page fault (anchors-2026-12 §1: 9 µs on average against a 3.2 µs
 * job). Memory from an {@link java.lang.foreign.Arena} would not do: the arena zeroes it, which faults it in.
 */
final class FreshPages implements AutoCloseable {
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final MethodHandle MMAP = NativeLibrary.LINKER.downcallHandle(
            NativeLibrary.LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = NativeLibrary.LINKER.downcallHandle(
            NativeLibrary.LINKER.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private final MemorySegment pages;

    FreshPages(long bytes) {
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
        if (p.address() == -1L || p.address() == 0L) {
            throw new IllegalStateException("mmap of " + bytes + " bytes failed");
        }
        this.pages = p.reinterpret(bytes);
    }

    MemorySegment segment() {
        return pages;
    }

    @Override
    public void close() {
        try {
            int rc = (int) MUNMAP.invokeExact(pages, pages.byteSize());
            if (rc != 0) {
                throw new IllegalStateException("munmap failed");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap downcall failed", t);
        }
    }
}
