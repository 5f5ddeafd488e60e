package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which path runs, as reported, and what the provider lists. */
class QplPathTest {

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void softwareIsAvailableAndSaysSo(Huffman h) {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        try (QplCodec c = new QplCodec(Options.of(QplPath.SOFTWARE, h, Level.DEFAULT))) {
            CodecInfo i = c.info();
            assertTrue(i.available(), i.reason());
            assertEquals(ExecutionPath.SOFTWARE, i.path());
            assertEquals(CompressionAlgorithm.DEFLATE_IAA, i.algorithm());
            assertEquals(lib.version(), i.version());
            assertTrue(i.version().matches("\\d+\\.\\d+\\.\\d+.*"), "version " + i.version());
            assertEquals("qpl:path=software,huffman=" + h.name().toLowerCase() + ",level=default,verify=on", i.id());
        }
    }

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void hardwareWithoutIaaIsUnavailableWithTheInitStatus(Huffman h) {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        QplLibrary.HardwareProbe hw = lib.hardwareProbe();
        assumeFalse(hw.available(), "this machine has a usable IAA: the unavailable case cannot be shown here");
        try (QplCodec c = new QplCodec(Options.of(QplPath.HARDWARE, h, Level.DEFAULT))) {
            CodecInfo i = c.info();
            assertFalse(i.available());
            assertEquals(ExecutionPath.NONE, i.path());
            QplStatus s = QplStatus.of(hw.status());
            assertTrue(s != null && s.code() >= 500, "hardware init failed with " + hw.describe());
            assertTrue(i.reason().startsWith("unavailable: " + s.name() + " (" + s.code() + ")"), i.reason());
            assertEquals("unavailable: " + lib.hardwareUnavailableReason(), i.reason());
            assertTrue(i.library().contains("libaccel-config"), i.library());
            byte[] b = new byte[4096];
            CodecUnavailableException e = assertThrows(CodecUnavailableException.class, () -> c.compress(b, 0, 4096, b, 0, 4096));
            assertTrue(e.getMessage().contains(s.name()), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Huffman.class)
    void autoResolvesOnceAndNeverClaimsHardwareWithoutIt(Huffman h) {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        try (QplCodec c = new QplCodec(Options.of(QplPath.AUTO, h, Level.DEFAULT))) {
            CodecInfo i = c.info();
            assertTrue(i.available(), i.reason());
            if (lib.hardwareProbe().available()) {
                assertEquals(ExecutionPath.HARDWARE, i.path());
                assertTrue(i.library().contains("auto resolved to hardware"), i.library());
            } else {
                assertEquals(ExecutionPath.SOFTWARE, i.path());
                assertTrue(i.library().contains("auto resolved to software (hardware init: "
                        + lib.hardwareUnavailableReason() + ")"), i.library());
            }
            byte[] src = DataKind.TEXT.generate(4096, 2);
            byte[] z = new byte[4096];
            int n = c.compress(src, 0, 4096, z, 0, 4096);
            byte[] back = new byte[4096];
            c.decompress(z, 0, n, back, 0, 4096);
            assertArrayEquals(src, back);
        }
    }

    /** Runs only where a hardware job initialises (a machine with IAA and configured work queues). */
    @ParameterizedTest
    @EnumSource(Huffman.class)
    void hardwareRoundTrip(Huffman h) {
        QplLibrary lib = QplAssumptions.requireLibqpl();
        QplLibrary.HardwareProbe hw = lib.hardwareProbe();
        assumeTrue(hw.available(), () -> "no IAA here: hardware qpl_init_job returned " + hw.describe());
        try (QplCodec c = new QplCodec(Options.of(QplPath.HARDWARE, h, Level.DEFAULT))) {
            assertEquals(ExecutionPath.HARDWARE, c.info().path());
            for (int size : QplCodecRoundTripTest.SIZES) {
                byte[] src = DataKind.FIO60.generate(size, size);
                byte[] z = new byte[size];
                int n = c.compress(src, 0, size, z, 0, size);
                assertTrue(n > 0);
                byte[] back = new byte[size];
                c.decompress(z, 0, n, back, 0, size);
                assertArrayEquals(src, back);
            }
        }
    }

    @Test
    void providerListsEveryVariantAndNothingThrows() {
        List<Codec> all = new QplCodecProvider().codecs();
        try {
            Set<String> ids = all.stream().map(Codec::id).collect(Collectors.toSet());
            assertEquals(8, ids.size(), ids.toString());
            for (String h : new String[] {"fixed", "dynamic"}) {
                for (String l : new String[] {"default", "high"}) {
                    assertTrue(ids.contains("qpl:path=software,huffman=" + h + ",level=" + l + ",verify=on"), ids.toString());
                }
                assertTrue(ids.contains("qpl:path=hardware,huffman=" + h + ",level=default,verify=on"), ids.toString());
                assertTrue(ids.contains("qpl:path=auto,huffman=" + h + ",level=default,verify=on"), ids.toString());
            }
            QplLibrary lib = QplLibrary.get();
            for (Codec c : all) {
                CodecInfo i = c.info();
                assertEquals(CompressionAlgorithm.DEFLATE_IAA, i.algorithm());
                if (!lib.isAvailable()) {
                    assertFalse(i.available());
                    assertEquals(lib.reason(), i.reason());
                } else if (i.variant().startsWith("path=hardware")) {
                    assertEquals(lib.hardwareProbe().available(), i.available());
                } else {
                    assertTrue(i.available(), i.id() + ": " + i.reason());
                    assertTrue(i.path() == ExecutionPath.SOFTWARE || lib.hardwareProbe().available(), i.toString());
                }
            }
        } finally {
            all.forEach(Codec::close);
        }
    }

    @Test
    void everyUnavailableVariantSaysWhy() {
        List<Codec> all = new QplCodecProvider().codecs();
        try {
            for (Codec c : all) {
                if (!c.info().available()) {
                    assertFalse(c.info().reason().isBlank(), c.id());
                    byte[] b = new byte[16];
                    assertThrows(CodecUnavailableException.class, () -> c.decompress(b, 0, 16, b, 0, 16));
                }
            }
        } finally {
            all.forEach(Codec::close);
        }
        assertTrue(Arrays.stream(QplPath.values()).count() == 3);
    }
}
