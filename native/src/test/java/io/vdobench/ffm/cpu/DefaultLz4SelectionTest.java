package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vdobench.codec.Codecs;
import io.vdobench.testing.Prerequisites;
import org.junit.jupiter.api.Test;

/** With liblz4 loadable, the pipeline's default LZ4 is the FFM route. */
class DefaultLz4SelectionTest {
    @Test
    void ffmIsPreferredWhenLiblz4Loads() {
        try (Codecs codecs = Codecs.load()) {
            var ffm = codecs.require("lz4:impl=ffm");
            Prerequisites.require(ffm.info().available(), "liblz4 not loadable here: " + ffm.info().reason());
            Codecs.Selection s = codecs.defaultLz4();
            assertEquals("lz4:impl=ffm", s.codec().id());
            assertEquals("lz4:impl=ffm (preferred)", s.note());
        }
    }
}
