package io.vdobench.report.html;

import io.vdobench.report.csv.Units;
import io.vdobench.report.model.ConformanceRow;
import io.vdobench.report.model.ConformanceRow.Section;
import io.vdobench.report.model.ConformanceRow.Verdict;
import io.vdobench.report.model.HostileTally;
import io.vdobench.report.model.Input;
import io.vdobench.report.model.SectionRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The conformance part of a run's page, from the suite's {@code conformance.csv} and {@code hostile.csv}:
 * the DEFLATE producer × consumer matrix, the LZ4 cross-library table, the max-distance table (which
 * producers need more than IAA's 4 KiB window, at which block sizes) and the hostile-input tally.
 */
final class ConformanceSection {
    private ConformanceSection() {
    }

    /** {@code conformanceRun}, {@code hostileRun}: how this run produced the two files, or null when unknown. */
    static void render(Html h, Input<ConformanceRow> conformance, Input<HostileTally> hostile, SectionRun conformanceRun,
                       SectionRun hostileRun) {
        h.raw("<h3>Conformance: who can read whose fragments</h3>\n");
        HtmlReport.provenance(h, conformanceRun);
        List<ConformanceRow> rows = conformance.rows();
        if (!conformance.present()) {
            h.noData(conformance.absence() + " — scripts/report-sections.sh (run by run-matrix.sh) runs the suite into"
                    + " the run directory");
        } else {
            summary(h, rows.stream().filter(r -> r.section() != Section.HOSTILE).toList());
            deflateMatrix(h, of(rows, Section.DEFLATE_MATRIX));
            lz4(h, of(rows, Section.LZ4_CROSS_LIBRARY));
            maxDistance(h, of(rows, Section.MAX_DISTANCE));
        }
        hostile(h, hostile, of(rows, Section.HOSTILE), hostileRun);
    }

    private static List<ConformanceRow> of(List<ConformanceRow> rows, Section s) {
        return rows.stream().filter(r -> r.section() == s).toList();
    }

    private static long count(List<ConformanceRow> rows, Verdict v) {
        return rows.stream().filter(r -> r.verdict() == v).count();
    }

    private static void summary(Html h, List<ConformanceRow> rows) {
        long bad = count(rows, Verdict.NOT_AS_EXPECTED);
        h.p(bad > 0 ? "error" : "meta", rows.size() + " checks: " + count(rows, Verdict.AS_EXPECTED) + " as expected, "
                + bad + " not as expected, " + count(rows, Verdict.SKIPPED) + " skipped (a side unavailable on this host), "
                + count(rows, Verdict.INFO) + " measurements without an expectation.");
    }

    // ---- DEFLATE matrix -------------------------------------------------------------------------------

    /** Rows: producer; column groups: consumer; columns: block size; a cell covers the corpus data kinds. */
    private static void deflateMatrix(Html h, List<ConformanceRow> rows) {
        h.raw("<h4>DEFLATE: producer × consumer</h4>\n");
        if (rows.isEmpty()) {
            h.noData("no DEFLATE matrix rows in conformance.csv");
            return;
        }
        Set<String> producers = firstSeen(rows, ConformanceRow::producer);
        Set<String> consumers = firstSeen(rows, ConformanceRow::consumer);
        TreeSet<Integer> sizes = new TreeSet<>();
        Map<String, List<ConformanceRow>> cells = new LinkedHashMap<>();
        for (ConformanceRow r : rows) {
            sizes.add(r.blockSize());
            cells.computeIfAbsent(r.producer() + "\t" + r.consumer() + "\t" + r.blockSize(), k -> new ArrayList<>()).add(r);
        }
        h.p("meta", "Green ✓: decoded byte-exactly, as expected. Light green ✗: a clean typed rejection, as expected"
                + " (a 4 KiB-window reader such as IAA refusing a stream whose matches reach further back). Red: not as"
                + " expected. Grey: skipped, a side unavailable on this host. Each cell covers the corpus data kinds at"
                + " one block size; hover for each kind's outcome, the exception type and the QPL status.");
        h.raw("<div class=\"scroll\"><table class=\"conf dense\"><tr><th class=\"rh\" rowspan=\"2\">producer</th>");
        for (String c : consumers) {
            h.raw("<th colspan=\"").raw(Integer.toString(sizes.size())).raw("\">").text(c).raw("</th>");
        }
        h.raw("</tr>\n<tr>");
        for (int i = 0; i < consumers.size(); i++) {
            for (int s : sizes) {
                h.raw("<th>").text(Units.blockSizeLabel(s)).raw("</th>");
            }
        }
        h.raw("</tr>\n");
        for (String p : producers) {
            h.raw("<tr><th class=\"rh\">").text(p).raw("</th>");
            for (String c : consumers) {
                for (int s : sizes) {
                    cell(h, p + " → " + c + ", " + Units.blockSizeLabel(s), cells.getOrDefault(p + "\t" + c + "\t" + s, List.of()));
                }
            }
            h.raw("</tr>\n");
        }
        h.raw("</table></div>\n");
    }

    private static void cell(Html h, String title, List<ConformanceRow> cell) {
        if (cell.isEmpty()) {
            h.raw("<td class=\"na\">–</td>");
            return;
        }
        List<ConformanceRow> ran = cell.stream().filter(r -> r.verdict() != Verdict.SKIPPED).toList();
        long bad = ran.stream().filter(r -> r.verdict() == Verdict.NOT_AS_EXPECTED).count();
        String cls;
        String text;
        if (ran.isEmpty()) {
            cls = "skip";
            text = "–";
        } else if (bad > 0) {
            cls = "bad";
            text = bad + "/" + ran.size();
        } else if (ran.stream().allMatch(ConformanceRow::decoded)) {
            cls = "ok";
            text = "✓";
        } else {
            cls = "okfail";
            text = ran.stream().allMatch(ConformanceRow::failed) ? "✗" : "✓✗";
        }
        h.raw("<td class=\"").raw(cls).raw("\" title=\"").text(tooltip(title, cell)).raw("\">").text(text).raw("</td>");
    }

    /** One line per data kind; skips with a common reason collapse to one line. */
    private static String tooltip(String title, List<ConformanceRow> cell) {
        StringBuilder tip = new StringBuilder(title).append('\n');
        Map<String, List<String>> skips = new LinkedHashMap<>();
        for (ConformanceRow r : cell) {
            if (r.verdict() == Verdict.SKIPPED) {
                skips.computeIfAbsent(r.skipReason() + ": " + skipWhy(r.detail()), k -> new ArrayList<>()).add(r.dataKind());
                continue;
            }
            tip.append(r.dataKind()).append(": ");
            if (r.verdict() == Verdict.NOT_AS_EXPECTED) {
                tip.append("NOT AS EXPECTED — expected ").append(r.expected()).append(", got ").append(r.outcome())
                        .append(" (").append(r.detail()).append(")\n");
                continue;
            }
            if (r.decoded()) {
                tip.append("decoded");
            } else if (r.failed()) {
                tip.append("rejected: ").append(r.failureType());
                if (!r.qplStatus().isEmpty()) {
                    tip.append(" / ").append(r.qplStatus());
                }
            } else {
                tip.append(r.outcome());
            }
            tip.append(", expected ").append(r.expected()).append(streamFacts(r.detail())).append('\n');
        }
        skips.forEach((why, kinds) -> tip.append("skipped (").append(kinds.size() == cell.size() ? "all kinds" : String.join(", ", kinds))
                .append("): ").append(why).append('\n'));
        return tip.toString().strip();
    }

    /** The suite's detail starts with the stream facts ({@code len=… maxdist=… stored=… fixed=… dynamic=…}). */
    private static String streamFacts(String detail) {
        int semi = detail.indexOf(';');
        String facts = semi < 0 ? detail : detail.substring(0, semi);
        return facts.isBlank() ? "" : " (" + facts.strip() + ")";
    }

    /** A skip's detail ends with the unavailability reason ({@code …; unavailable: QPL_STS_…}). */
    private static String skipWhy(String detail) {
        int u = detail.lastIndexOf("unavailable: ");
        return u >= 0 ? detail.substring(u + "unavailable: ".length()) : detail;
    }

    // ---- LZ4 cross-library ----------------------------------------------------------------------------

    private static void lz4(Html h, List<ConformanceRow> rows) {
        h.raw("<h4>LZ4: cross-library</h4>\n");
        if (rows.isEmpty()) {
            h.noData("no LZ4 cross-library rows in conformance.csv");
            return;
        }
        Set<String> producers = firstSeen(rows, ConformanceRow::producer);
        Set<String> consumers = firstSeen(rows, ConformanceRow::consumer);
        h.p("meta", "Every LZ4 implementation must decode every other's blocks byte-exactly, at every block size and"
                + " data kind. A cell counts the blocks decoded as expected out of those that ran.");
        h.raw("<table class=\"conf\"><tr><th>producer ↓ consumer →</th>");
        consumers.forEach(c -> h.raw("<th>").text(c).raw("</th>"));
        h.raw("</tr>\n");
        for (String p : producers) {
            h.raw("<tr><th>").text(p).raw("</th>");
            for (String c : consumers) {
                List<ConformanceRow> cell = rows.stream().filter(r -> r.producer().equals(p) && r.consumer().equals(c)).toList();
                List<ConformanceRow> ran = cell.stream().filter(r -> r.verdict() != Verdict.SKIPPED).toList();
                long good = ran.stream().filter(ConformanceRow::asExpected).count();
                String cls = cell.isEmpty() ? "na" : ran.isEmpty() ? "skip" : good == ran.size() ? "ok" : "bad";
                StringBuilder tip = new StringBuilder(p + " → " + c + ": " + good + "/" + ran.size() + " as expected");
                cell.stream().filter(r -> r.verdict() != Verdict.AS_EXPECTED).forEach(r -> tip.append('\n')
                        .append(Units.blockSizeLabel(r.blockSize())).append(' ').append(r.dataKind()).append(": ")
                        .append(r.outcome()).append(" (").append(r.detail()).append(')'));
                h.raw("<td class=\"").raw(cls).raw("\" title=\"").text(tip.toString()).raw("\">")
                        .text(cell.isEmpty() ? "–" : (good == ran.size() ? "✓ " : "") + good + "/" + ran.size()).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }

    // ---- max distance ---------------------------------------------------------------------------------

    private static void maxDistance(Html h, List<ConformanceRow> rows) {
        h.raw("<h4>DEFLATE match distance against IAA's 4 KiB window</h4>\n");
        if (rows.isEmpty()) {
            h.noData("no max-distance rows in conformance.csv");
            return;
        }
        Set<String> producers = firstSeen(rows, ConformanceRow::producer);
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.forEach(r -> sizes.add(r.blockSize()));
        Map<String, Integer> firstExceeding = new LinkedHashMap<>();
        List<String> neverExceed = new ArrayList<>();
        for (String p : producers) {
            rows.stream().filter(r -> r.producer().equals(p) && r.outcome().equals("exceeds-4k"))
                    .mapToInt(ConformanceRow::blockSize).min().ifPresentOrElse(s -> firstExceeding.put(p, s), () -> neverExceed.add(p));
        }
        StringBuilder words = new StringBuilder();
        if (!firstExceeding.isEmpty()) {
            Map<Integer, List<String>> bySize = new TreeMap<>();
            firstExceeding.forEach((p, s) -> bySize.computeIfAbsent(s, k -> new ArrayList<>()).add(p));
            words.append("Need more than 4 KiB of history (an IAA reader must reject such fragments): ");
            List<String> parts = new ArrayList<>();
            bySize.forEach((s, ps) -> parts.add(String.join(", ", ps) + " from " + Units.blockSizeLabel(s) + " blocks up"));
            words.append(String.join("; ", parts)).append(". ");
        }
        if (!neverExceed.isEmpty()) {
            words.append("Within 4 KiB at every block size: ").append(String.join(", ", neverExceed)).append('.');
        }
        h.p("meta", words.toString().strip());
        h.p("meta", "A cell counts the corpus blocks whose largest match distance exceeds 4096 bytes. Green: within, and"
                + " the suite expects an IAA reader to decode them; amber: exceeds, no expectation (a 32 KiB-window"
                + " producer above 4 KiB); red: exceeds where the suite expects the 4 KiB window to hold.");
        h.raw("<table class=\"conf\"><tr><th>producer</th>");
        sizes.forEach(s -> h.raw("<th>").text(Units.blockSizeLabel(s)).raw("</th>"));
        h.raw("</tr>\n");
        for (String p : producers) {
            h.raw("<tr><th>").text(p).raw("</th>");
            for (int s : sizes) {
                List<ConformanceRow> cell = rows.stream().filter(r -> r.producer().equals(p) && r.blockSize() == s).toList();
                List<ConformanceRow> ran = cell.stream().filter(r -> r.verdict() != Verdict.SKIPPED).toList();
                long exceed = ran.stream().filter(r -> r.outcome().equals("exceeds-4k")).count();
                String cls = cell.isEmpty() ? "na" : ran.isEmpty() ? "skip"
                        : ran.stream().anyMatch(r -> r.verdict() == Verdict.NOT_AS_EXPECTED) ? "bad"
                        : exceed > 0 ? "info" : ran.stream().allMatch(ConformanceRow::asExpected) ? "ok" : "plain";
                StringBuilder tip = new StringBuilder(p + ", " + Units.blockSizeLabel(s));
                cell.forEach(r -> tip.append('\n').append(r.dataKind()).append(": ").append(r.outcome())
                        .append(r.detail().isEmpty() ? "" : " (" + r.detail() + ")").append(", expected ").append(r.expected()));
                h.raw("<td class=\"").raw(cls).raw("\" title=\"").text(tip.toString()).raw("\">")
                        .text(cell.isEmpty() || ran.isEmpty() ? "–" : exceed + "/" + ran.size()).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }

    // ---- hostile inputs -------------------------------------------------------------------------------

    private static void hostile(Html h, Input<HostileTally> hostile, List<ConformanceRow> hostileRows, SectionRun run) {
        h.raw("<h4>Hostile inputs</h4>\n");
        HtmlReport.provenance(h, run);
        if (!hostile.present()) {
            h.noData(hostile.absence());
            if (!hostileRows.isEmpty()) {
                long v = hostileRows.stream().mapToLong(ConformanceRow::violations).sum();
                h.p(v > 0 ? "error" : "meta", "conformance.csv carries the same tallies as " + hostileRows.size()
                        + " 'hostile' rows: " + hostileRows.stream().filter(r -> r.outcome().equals("ok")).count()
                        + " ok, " + v + " violations in all. Copy conformance/target/hostile.csv for the breakdown.");
            }
            return;
        }
        List<HostileTally> rows = hostile.rows();
        long cases = 0;
        long typed = 0;
        long same = 0;
        long different = 0;
        long violations = 0;
        Map<String, long[]> byDecoder = new LinkedHashMap<>();
        for (HostileTally t : rows) {
            cases += t.cases();
            typed += t.typedError();
            same += t.decodedSame();
            different += t.decodedDifferent();
            violations += t.violations();
            long[] d = byDecoder.computeIfAbsent(t.decoder(), k -> new long[7]);
            d[0]++;
            d[1] += t.cases();
            d[2] += t.typedError();
            d[3] += t.decodedSame();
            d[4] += t.decodedDifferent();
            d[5] += t.violations();
            d[6] = Math.max(d[6], t.maxCaseMicros());
        }
        h.p(violations > 0 ? "error" : "meta", String.format(Locale.ROOT, "%d hostile inputs to %d decoders: %d rejected"
                + " with a typed error, %d decoded to the original bytes anyway, %d decoded to other bytes, %d violations%s",
                cases, byDecoder.size(), typed, same, different, violations, violations > 0 ? " — DEFECTS." : "."));
        h.p("meta", "Amber “decoded, other bytes”: the damaged input was itself a valid stream of exactly the claimed"
                + " length and the decoder stayed in bounds. dm-vdo fragments carry no checksum, so no decoder can tell;"
                + " this is not a decoder fault. Red “violations”: an untyped exception, a write outside the destination,"
                + " success on a stream that cannot decode to the claimed length, or an out-of-bounds packed-block lookup —"
                + " always a defect.");
        h.raw("<table class=\"cases\"><tr><th>decoder</th><th>damage kinds</th><th>inputs</th><th>typed error</th>"
                + "<th>decoded, same bytes</th><th>decoded, other bytes</th><th>violations</th><th>slowest case</th></tr>\n");
        byDecoder.forEach((dec, d) -> {
            h.raw("<tr><td>").text(dec).raw("</td>");
            for (int i = 0; i < 4; i++) {
                h.raw("<td class=\"num\">").text(Long.toString(d[i])).raw("</td>");
            }
            tallyCells(h, d[4], d[5], d[6]);
        });
        h.raw("</table>\n");
        h.raw("<details><summary>all ").raw(Integer.toString(rows.size())).raw(" decoder × damage rows of hostile.csv</summary>"
                + "<table class=\"cases\"><tr><th>decoder</th><th>damage</th><th>inputs</th><th>typed error</th>"
                + "<th>decoded, same bytes</th><th>decoded, other bytes</th><th>violations</th><th>slowest case</th></tr>\n");
        for (HostileTally t : rows) {
            StringBuilder types = new StringBuilder();
            t.errorTypes().forEach((k, v) -> types.append(k).append(": ").append(v).append('\n'));
            h.raw("<tr><td>").text(t.decoder()).raw("</td><td>").text(t.mutation()).raw("</td><td class=\"num\">")
                    .text(Long.toString(t.cases())).raw("</td><td class=\"num\" title=\"").text(types.toString().strip())
                    .raw("\">").text(Long.toString(t.typedError())).raw("</td><td class=\"num\">")
                    .text(Long.toString(t.decodedSame())).raw("</td>");
            tallyCells(h, t.decodedDifferent(), t.violations(), t.maxCaseMicros());
        }
        h.raw("</table></details>\n");
    }

    private static void tallyCells(Html h, long different, long violations, long maxMicros) {
        h.raw("<td class=\"num").raw(different > 0 ? " amber" : "").raw("\">").text(Long.toString(different))
                .raw("</td><td class=\"num ").raw(violations > 0 ? "bad" : "good").raw("\">").text(Long.toString(violations))
                .raw("</td><td class=\"num\">").text(maxMicros < 0 ? "–" : Html.num(maxMicros, 0) + " µs").raw("</td></tr>\n");
    }

    private static Set<String> firstSeen(List<ConformanceRow> rows, Function<ConformanceRow, String> key) {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(r -> s.add(key.apply(r)));
        return s;
    }
}
