package io.vdobench.report.csv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reports/SCHEMA.md is the contract for producers: every column the code knows must be documented there. */
class SchemaDocTest {
    @Test
    void everyColumnIsDocumentedWithItsRequiredFlag() throws Exception {
        String doc = Files.readString(Path.of("SCHEMA.md"));
        for (Schema s : List.of(ResultsCsv.SCHEMA, SummaryCsv.SCHEMA, CodecBenchCsv.SCHEMA, FragmentsCsv.SCHEMA,
                ConformanceCsv.SCHEMA, HostileCsv.SCHEMA, VerdictsCsv.SCHEMA, VerdictsCsv.CASES_SCHEMA, IntervalsCsv.SCHEMA)) {
            assertTrue(doc.contains("## `" + s.name() + "`"), "no section for " + s.name());
            for (Column c : s.columns()) {
                boolean documented = doc.lines().anyMatch(l -> l.startsWith("| `" + c.name() + "`")
                        && l.contains(c.required() ? "| yes |" : "| no |")
                        || (c.name().startsWith("p") && c.name().endsWith("_us") && l.contains("`" + c.name() + "`")));
                assertTrue(documented, s.name() + ": column " + c.name() + " (required=" + c.required() + ") not documented");
            }
        }
    }
}
