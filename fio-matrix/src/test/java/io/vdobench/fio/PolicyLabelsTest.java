package io.vdobench.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLabelsTest {
    @Test
    void repeatsGetNumberedLabelsThatNameTheirPolicy() {
        assertEquals(List.of("lz4", "lz4#2"), PolicyLabels.distinct(List.of("lz4", "lz4")));
        assertEquals(List.of("lz4", "iaa", "lz4#2", "lz4#3"), PolicyLabels.distinct(List.of("lz4", "iaa", "lz4", "lz4")));
        assertEquals(List.of("lz4", "lz4#2"), PolicyLabels.distinct(List.of("lz4", "lz4#2")), "idempotent");
        assertEquals("codec:lz4:impl=ffm", PolicyLabels.policyOf("codec:lz4:impl=ffm#2"));
        assertEquals("lz4", PolicyLabels.policyOf("lz4"));
        assertEquals("a#b", PolicyLabels.policyOf("a#b"), "only a number after the mark is a repeat");
        assertEquals("#2", PolicyLabels.policyOf("#2"));
        assertTrue(PolicyLabels.isAa("lz4", "lz4#2"));
        assertFalse(PolicyLabels.isAa("lz4", "lz4-planted:F=0.02"));
    }
}
