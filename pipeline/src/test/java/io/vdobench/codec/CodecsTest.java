package io.vdobench.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CodecsTest {
    @Test
    void findsByIdAndName() {
        try (Codecs codecs = Codecs.load()) {
            assertEquals("lz4:impl=jni", codecs.require("lz4:impl=jni").id());
            assertEquals("lz4", codecs.require("lz4").info().name());
            assertTrue(codecs.find("nope").isEmpty());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codecs.require("nope"));
            assertTrue(e.getMessage().contains("zlib:impl=jdk,level=6"), e.getMessage());
        }
    }

    @Test
    void tagsRoundTrip() {
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            assertEquals(a, CompressionAlgorithm.fromTag(a.tag()));
        }
        assertThrows(IllegalArgumentException.class, () -> CompressionAlgorithm.fromTag(0));
    }

    @Test
    void defaultLz4FallsBackAndSaysWhy() {
        try (Codecs codecs = Codecs.load()) {
            // Only the JVM codecs are on this module's class path: liblz4 over FFM lives in native/.
            Codecs.Selection s = codecs.defaultLz4();
            assertEquals("lz4:impl=jni", s.codec().id());
            assertTrue(s.note().contains("fallback") && s.note().contains("lz4:impl=ffm not on the class path"), s.note());
            assertEquals("lz4:impl=java (preferred)", codecs.prefer(java.util.List.of("lz4:impl=java")).note());
            assertThrows(CodecUnavailableException.class, () -> codecs.prefer(java.util.List.of("nope")));
        }
    }
}
