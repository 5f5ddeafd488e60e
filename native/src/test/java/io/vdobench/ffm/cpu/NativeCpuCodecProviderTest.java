package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.ffm.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NativeCpuCodecProviderTest {

    @Test
    void offersEveryVariantWithItsTag() {
        List<Codec> codecs = CpuCodecs.all();
        try {
            assertEquals(List.of("lz4:impl=ffm", "isal:level=0", "isal:level=1", "isal:level=3",
                    "libdeflate:level=1", "libdeflate:level=6", "libdeflate:level=9", "libdeflate:level=12",
                    "zlib:impl=ffm,window=4k,level=1", "zlib:impl=ffm,window=4k,level=6",
                    "zlib:impl=ffm,window=4k,level=9"), codecs.stream().map(Codec::id).toList());
            for (Codec c : codecs) {
                assertEquals(c.info().name().equals("lz4") ? CompressionAlgorithm.LZ4 : CompressionAlgorithm.DEFLATE_CPU,
                        c.algorithm(), c.id());
            }
        } finally {
            codecs.forEach(Codec::close);
        }
    }

    @Test
    void serviceLoaderFindsTheProviderNextToTheJvmCodecs() {
        try (Codecs all = Codecs.load()) {
            Set<String> ids = all.all().stream().map(Codec::id).collect(Collectors.toSet());
            assertTrue(ids.contains("lz4:impl=ffm") && ids.contains("lz4:impl=jni") && ids.contains("lz4:impl=java"), ids.toString());
            assertTrue(ids.contains("isal:level=1") && ids.contains("libdeflate:level=12")
                    && ids.contains("zlib:impl=ffm,window=4k,level=6") && ids.contains("zlib:impl=jdk,level=6"), ids.toString());
            assertEquals(all.all().size(), ids.size(), "ids are unique");
        }
    }

    @Test
    void versionsAreReportedHonestly() {
        List<Codec> codecs = CpuCodecs.all();
        try {
            boolean dpkg = Files.isDirectory(Path.of("/var/lib/dpkg/info"));
            for (Codec c : codecs) {
                if (!c.info().available()) {
                    continue;
                }
                String v = c.info().version();
                switch (c.info().name()) {
                    // Runtime version calls: a bare version number.
                    case "lz4", "zlib" -> assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), c.id() + ": " + v);
                    // No runtime version call: the owning package, labelled as such, where dpkg exists.
                    default -> {
                        if (dpkg) {
                            assertTrue(v.contains("(Debian package "), c.id() + ": " + v);
                        } else {
                            assertTrue(v.startsWith("unknown"), c.id() + ": " + v);
                        }
                    }
                }
            }
        } finally {
            codecs.forEach(Codec::close);
        }
    }

    @Test
    void aMissingLibraryMakesEveryVariantUnavailableWithoutThrowing() {
        NativeLibrary none = NativeLibrary.open("libnothing", "libvdobench-does-not-exist.so.9");
        assertFalse(none.isLoaded());
        LibraryStatus missing = LibraryStatus.notLoaded(none, "libvdobench-does-not-exist.so.9");
        List<Codec> codecs = List.of(new Lz4FfmCodec(missing), new IsalCodec(1, missing), new LibdeflateCodec(6, missing),
                new SystemZlibCodec(6, missing));
        byte[] b = new byte[4096];
        for (Codec c : codecs) {
            assertFalse(c.info().available(), c.id());
            assertEquals(ExecutionPath.NONE, c.info().path());
            assertTrue(c.info().reason().contains("libvdobench-does-not-exist.so.9"), c.info().reason());
            CodecUnavailableException e = assertThrows(CodecUnavailableException.class,
                    () -> c.compress(b, 0, b.length, new byte[4096], 0, 4096));
            assertTrue(e.getMessage().contains("unavailable"), e.getMessage());
            assertThrows(CodecUnavailableException.class, () -> c.decompress(b, 0, 10, new byte[4096], 0, 4096));
            c.close();
        }
    }
}
