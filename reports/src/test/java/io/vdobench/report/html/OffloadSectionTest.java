package io.vdobench.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdobench.cli.ModelCommandFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffloadSectionTest {

    @Test
    void noModelCsvNoSection(@TempDir Path tmp) {
        Html h = new Html();
        OffloadSection.render(h, tmp);
        assertEquals("", h.toString());
    }

    @Test
    void theSectionSaysModelEverywhereAndDrawsOneChartPerIoType(@TempDir Path tmp) throws Exception {
        Path dir = ModelCommandFixture.modelledRun(tmp.resolve("run"));
        Html h = new Html();
        OffloadSection.render(h, dir);
        String page = h.toString();
        assertTrue(page.contains("MODEL: IAA offload (predicted, not measured)"), page);
        for (String heading : page.split("<h4>")) {
            if (heading.contains("</h4>")) {
                assertTrue(heading.startsWith("MODEL"), "every heading says MODEL: " + heading);
            }
        }
        assertEquals(2, page.split("<img class=\"chart\"").length - 1, "write and read");
        assertTrue(page.contains("alt=\"MODEL: predicted iaa bandwidth"), page);
        assertTrue(page.contains("qpl-doc-sync-1engine") && page.contains("batch64-zswap"), page);
    }
}
