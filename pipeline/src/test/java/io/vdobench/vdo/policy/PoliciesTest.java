package io.vdobench.vdo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.codec.Codecs;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void namesResolveToTheRightCodecs() {
        try (Codecs codecs = Codecs.load()) {
            FallbackCompressionPolicy lz4 = Policies.create("lz4", codecs);
            assertEquals(codecs.defaultLz4().codec(), lz4.preferred());
            FallbackCompressionPolicy one = Policies.create("codec:zlib:impl=jdk,level=6", codecs);
            assertEquals("zlib:impl=jdk,level=6", one.preferred().id());
            FallbackCompressionPolicy deflate = Policies.create("deflate:zlib:impl=jdk,level=1", codecs);
            assertEquals("zlib:impl=jdk,level=1", deflate.preferred().id());
            assertEquals(codecs.defaultLz4().codec(), deflate.fallback());
        }
    }

    @Test
    void badNamesSayWhatIsKnown() {
        try (Codecs codecs = Codecs.load()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policies.create("zstd", codecs));
            assertTrue(e.getMessage().contains("iaa-off"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Policies.create("deflate:lz4:impl=java", codecs));
            assertThrows(IllegalArgumentException.class, () -> Policies.create("codec:nope", codecs));
            // The QPL codec lives in native/: without it the IAA policy cannot be built here.
            assertThrows(IllegalArgumentException.class, () -> Policies.create("iaa", codecs));
        }
    }

    @Test
    void checkResolvesEveryNameAndFailsOnTheFirstBadOneWithItsOwnMessage() {
        Policies.check(java.util.List.of("lz4", "codec:zlib:impl=jdk,level=6", "deflate:zlib:impl=jdk,level=1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Policies.check(java.util.List.of("lz4", "nosuch", "zstd")));
        assertTrue(e.getMessage().startsWith("unknown policy 'nosuch'"), e.getMessage());
    }
}
