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
}
