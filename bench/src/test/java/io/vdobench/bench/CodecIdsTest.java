package io.vdobench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import org.junit.jupiter.api.Test;

class CodecIdsTest {

    @Test
    void jmhSpellingOfEveryLoadedCodecSurvivesJmhsParserAndMapsBack() {
        try (Codecs codecs = Codecs.load()) {
            for (Codec c : codecs.all()) {
                String spelled = CodecIds.toJmh(c.id());
                // JMH 1.37 splits -p values on ',' and rejects a second '='.
                assertFalse(spelled.contains(","), spelled);
                assertFalse(spelled.contains("="), spelled);
                assertEquals(c.id(), CodecIds.fromJmh(spelled));
                assertEquals(c, codecs.find(CodecIds.fromJmh(spelled)).orElseThrow());
            }
        }
    }

    @Test
    void examples() {
        assertEquals("zlib:impl:jdk/level:6", CodecIds.toJmh("zlib:impl=jdk,level=6"));
        assertEquals("zlib:impl=jdk,level=6", CodecIds.fromJmh("zlib:impl:jdk/level:6"));
        assertEquals("zlib:impl=jdk,level=6", CodecIds.fromJmh("zlib:impl=jdk,level=6"), "canonical ids pass through");
        assertEquals("lz4", CodecIds.toJmh("lz4"));
        assertEquals("lz4", CodecIds.fromJmh("lz4"));
    }
}
