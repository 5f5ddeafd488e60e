package io.vdobench.conformance;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.vdobench.ffm.NativeLibrary;
import io.vdobench.ffm.qpl.QplJobLayout;
import io.vdobench.ffm.qpl.QplLibrary;
import io.vdobench.ffm.qpl.QplPath;
import io.vdobench.ffm.qpl.QplStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * Produces and decodes libqpl <em>canned-Huffman</em> streams (software path) through QPL's job API,
 * for the conformance suite only: the pipeline's {@code QplCodec} deliberately has no canned mode.
 * A canned stream is compressed with a Huffman table agreed out of band ({@code QPL_FLAG_CANNED_MODE}
 * with a user {@code huffman_table}); the stream carries no DEFLATE block header, so a standard
 * inflate cannot read it. Steps (libqpl 1.9.0 C API): gather a histogram of the block
 * ({@code qpl_gather_deflate_statistics}), build a table from it ({@code qpl_deflate_huffman_table_create}
 * + {@code qpl_huffman_table_init_with_histogram}), then run a compress job with the table.
 */
public final class QplCannedMode implements AutoCloseable {
    private static final StructLayout ALLOCATOR = MemoryLayout.structLayout(ADDRESS.withName("allocator"),
            ADDRESS.withName("deallocator"));
    /** {@code qpl_histogram}: 286 + 2 literal/length counters, 30 + 2 distance counters, all uint32. */
    private static final long HISTOGRAM_BYTES = (286 + 2 + 30 + 2) * 4L;
    private static final int COMBINED_TABLE_TYPE = 0;

    private final QplLibrary qpl = QplLibrary.get();
    private final MethodHandle gatherStatistics;
    private final MethodHandle tableCreate;
    private final MethodHandle tableInitWithHistogram;
    private final MethodHandle tableDestroy;
    private final Arena arena = Arena.ofShared(); // the job may be used from any thread (calls are synchronized)
    private final MemorySegment job;

    /** A canned stream and the table it needs (owned by this object until {@link #close}). */
    public record Canned(byte[] stream, MemorySegment table) {
    }

    private MemorySegment lastTable = MemorySegment.NULL;

    /** @throws IllegalStateException if libqpl is not available or lacks the table API */
    public QplCannedMode() {
        if (!qpl.isAvailable()) {
            throw new IllegalStateException("libqpl unavailable: " + qpl.reason());
        }
        NativeLibrary lib = NativeLibrary.open("libqpl", "libqpl.so", "libqpl.so.1");
        gatherStatistics = lib.downcall("qpl_gather_deflate_statistics",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        tableCreate = lib.downcall("qpl_deflate_huffman_table_create",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ALLOCATOR, ADDRESS));
        tableInitWithHistogram = lib.downcall("qpl_huffman_table_init_with_histogram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        tableDestroy = lib.downcall("qpl_huffman_table_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        job = arena.allocate(Math.max(qpl.jobSize(QplPath.SOFTWARE), QplJobLayout.JOB.byteSize()), 64);
        check("qpl_init_job", qpl.initJob(QplPath.SOFTWARE, job));
    }

    /** Compresses {@code src} in canned mode with a table built from {@code src} itself. */
    public synchronized byte[] compress(byte[] src) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment in = call.allocate(src.length);
            MemorySegment.copy(src, 0, in, JAVA_BYTE, 0, src.length);
            MemorySegment histogram = call.allocate(HISTOGRAM_BYTES, 4);
            check("qpl_gather_deflate_statistics", (int) gatherStatistics.invokeExact(in, src.length, histogram,
                    QplJobLayout.QPL_DEFAULT_LEVEL, QplJobLayout.QPL_PATH_SOFTWARE));
            MemorySegment allocator = call.allocate(ALLOCATOR);
            Linker.nativeLinker().defaultLookup().find("malloc").ifPresent(a -> allocator.set(ADDRESS, 0, a));
            Linker.nativeLinker().defaultLookup().find("free").ifPresent(a -> allocator.set(ADDRESS, 8, a));
            MemorySegment tablePtr = call.allocate(ADDRESS);
            check("qpl_deflate_huffman_table_create", (int) tableCreate.invokeExact(COMBINED_TABLE_TYPE,
                    QplJobLayout.QPL_PATH_SOFTWARE, allocator, tablePtr));
            releaseTable();
            lastTable = tablePtr.get(ADDRESS, 0);
            check("qpl_huffman_table_init_with_histogram", (int) tableInitWithHistogram.invokeExact(lastTable, histogram));
            int cap = src.length * 2 + 64;
            MemorySegment out = call.allocate(cap);
            int st = run(QplJobLayout.QPL_OP_COMPRESS,
                    QplJobLayout.QPL_FLAG_FIRST | QplJobLayout.QPL_FLAG_LAST | QplJobLayout.QPL_FLAG_CANNED_MODE
                            | QplJobLayout.QPL_FLAG_OMIT_VERIFY, in, src.length, out, cap);
            check("canned compress", st);
            int n = job.get(JAVA_INT, QplJobLayout.TOTAL_OUT);
            byte[] result = new byte[n];
            MemorySegment.copy(out, JAVA_BYTE, 0, result, 0, n);
            return result;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Decodes a canned stream with the table of the last {@link #compress}; returns QPL's output. */
    public synchronized byte[] decompress(byte[] stream, int expectedLength) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment in = call.allocate(stream.length);
            MemorySegment.copy(stream, 0, in, JAVA_BYTE, 0, stream.length);
            MemorySegment out = call.allocate(expectedLength);
            int st = run(QplJobLayout.QPL_OP_DECOMPRESS,
                    QplJobLayout.QPL_FLAG_FIRST | QplJobLayout.QPL_FLAG_LAST | QplJobLayout.QPL_FLAG_CANNED_MODE,
                    in, stream.length, out, expectedLength);
            check("canned decompress", st);
            int n = job.get(JAVA_INT, QplJobLayout.TOTAL_OUT);
            byte[] result = new byte[n];
            MemorySegment.copy(out, JAVA_BYTE, 0, result, 0, n);
            return result;
        }
    }

    private int run(int op, int flags, MemorySegment in, int inLen, MemorySegment out, int outCap) {
        check("qpl_init_job", qpl.initJob(QplPath.SOFTWARE, job));
        job.set(ADDRESS, QplJobLayout.NEXT_IN_PTR, in);
        job.set(JAVA_INT, QplJobLayout.AVAILABLE_IN, inLen);
        job.set(JAVA_INT, QplJobLayout.TOTAL_IN, 0);
        job.set(ADDRESS, QplJobLayout.NEXT_OUT_PTR, out);
        job.set(JAVA_INT, QplJobLayout.AVAILABLE_OUT, outCap);
        job.set(JAVA_INT, QplJobLayout.TOTAL_OUT, 0);
        job.set(JAVA_INT, QplJobLayout.OP, op);
        job.set(JAVA_INT, QplJobLayout.FLAGS, flags);
        job.set(JAVA_INT, QplJobLayout.LEVEL, QplJobLayout.QPL_DEFAULT_LEVEL);
        job.set(ADDRESS, QplJobLayout.HUFFMAN_TABLE, lastTable);
        return qpl.executeJob(job);
    }

    private static void check(String what, int st) {
        if (st != 0) {
            throw new IllegalStateException(what + ": " + QplStatus.describe(st));
        }
    }

    private void releaseTable() throws Throwable {
        if (!lastTable.equals(MemorySegment.NULL)) {
            int ignored = (int) tableDestroy.invokeExact(lastTable);
            lastTable = MemorySegment.NULL;
        }
    }

    @Override
    public synchronized void close() {
        try {
            releaseTable();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            qpl.finiJob(job);
            arena.close();
        }
    }

    /** First bytes of a stream, hex, for messages. */
    public static String head(byte[] s) {
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(s, Math.min(8, s.length)));
    }
}
