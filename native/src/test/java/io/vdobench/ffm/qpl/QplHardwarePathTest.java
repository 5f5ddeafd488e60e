package io.vdobench.ffm.qpl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.ffm.NativeLibrary;
import io.vdobench.ffm.qpl.QplCodec.EndCheck;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hardware path's rules that can be checked without IAA: level=high refused at construction, the exact end
 * check chosen for hardware decompression, and buffers allocated once and resident before a job reaches them.
 */
class QplHardwarePathTest {
    private static final int LARGEST_BLOCK = 128 * 1024;

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void highLevelOnHardwareIsRefusedWhenTheCodecIsMade(Huffman h) {
        QplAssumptions.requireLibqpl();
        try (QplCodec c = new QplCodec(Options.of(QplPath.HARDWARE, h, Level.HIGH))) {
            CodecInfo i = c.info();
            assertFalse(i.available());
            assertEquals(ExecutionPath.NONE, i.path());
            assertEquals("unavailable: level=high is software-only in libqpl: on the hardware path it answers "
                    + "QPL_STS_UNSUPPORTED_COMPRESSION_LEVEL (87)", i.reason());
            byte[] b = new byte[4096];
            assertThrows(CodecUnavailableException.class, () -> c.compress(b, 0, 4096, b, 0, 4096));
        }
    }

    @Test
    void autoWithHighLevelRunsOnSoftwareAndSaysWhy() {
        QplAssumptions.requireLibqpl();
        try (QplCodec c = new QplCodec(Options.of(QplPath.AUTO, Huffman.FIXED, Level.HIGH))) {
            assertEquals(ExecutionPath.SOFTWARE, c.info().path());
            assertTrue(c.info().library().contains("auto resolved to software (level=high is software-only in libqpl"),
                    c.info().library());
        }
    }

    @Test
    void hardwareDecompressionIsCheckedByTheExactZlibDecode() {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        QplStreamEnd.Support end = lib.streamEndSupport();
        assertEquals(EndCheck.ZLIB, EndCheck.of(QplPath.HARDWARE, null, false));
        assertEquals(EndCheck.ZLIB, EndCheck.of(QplPath.HARDWARE, end, false));
        assertEquals(end.available() ? EndCheck.INFLATE_STATE : EndCheck.ZLIB, EndCheck.of(QplPath.SOFTWARE, end, false));
        assertEquals(EndCheck.ZLIB, EndCheck.of(QplPath.SOFTWARE, end, true));
        if (lib.hardwareProbe().available()) {
            try (QplCodec c = new QplCodec(Options.of(QplPath.HARDWARE, Huffman.FIXED, Level.DEFAULT))) {
                assertEquals(EndCheck.ZLIB, c.endCheck());
                assertTrue(c.info().library().contains("decompress end checked by zlib"), c.info().library());
            }
        }
    }

    @Test
    void hardwareBuffersAreAllocatedOnceAndResident() throws Throwable {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        assertEquals(QplJob.Buffers.PRETOUCHED, QplJob.Buffers.forPath(QplPath.HARDWARE));
        assertEquals(QplJob.Buffers.GROWING, QplJob.Buffers.forPath(QplPath.SOFTWARE));
        // A software job with the hardware policy: the policy is what is tested, not the device.
        try (QplJob job = new QplJob(lib, QplPath.SOFTWARE, QplJob.Buffers.PRETOUCHED);
             QplJob growing = new QplJob(lib, QplPath.SOFTWARE, QplJob.Buffers.GROWING)) {
            int needed = LARGEST_BLOCK + QplCodec.OUTPUT_HEADROOM;
            for (int size = 4096; size <= LARGEST_BLOCK; size *= 2) {
                job.in(size + QplCodec.OUTPUT_HEADROOM);
                job.out(size + QplCodec.OUTPUT_HEADROOM);
                job.scratch(size);
            }
            assertEquals(1, job.allocations(), "allocated once for every block up to 128 KiB");
            for (MemorySegment s : new MemorySegment[] {job.in(needed), job.out(needed), job.scratch(needed)}) {
                assertEquals(s.byteSize() / 4096 + (s.address() % 4096 == 0 ? 0 : 1), residentPages(s),
                        "every page of the buffer is resident before a job touches it");
            }
            growing.in(needed);
            assertEquals(2, growing.allocations(), "the software policy grows for a 128 KiB block with headroom");
        }
    }

    /** Pages of {@code s} the kernel has resident ({@code mincore(2)}). */
    private static long residentPages(MemorySegment s) throws Throwable {
        MethodHandle mincore = NativeLibrary.LINKER.downcallHandle(
                NativeLibrary.LINKER.defaultLookup().find("mincore").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        long start = s.address() & ~4095L;
        long end = s.address() + s.byteSize();
        long pages = (end - start + 4095) / 4096;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment vec = a.allocate(pages);
            int rc = (int) mincore.invokeExact(MemorySegment.ofAddress(start), pages * 4096, vec);
            assertEquals(0, rc, "mincore");
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(JAVA_BYTE, i) & 1;
            }
            return resident;
        }
    }
}
