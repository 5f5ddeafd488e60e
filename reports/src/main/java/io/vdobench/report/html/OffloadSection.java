package io.vdobench.report.html;

import io.vdobench.report.charts.OffloadChart;
import io.vdobench.report.csv.CsvTable;
import io.vdobench.report.offload.ModelRun;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The run's "MODEL: IAA offload" section, when {@code vdobench model} has written model.csv: the predicted patch
 * summary per parameter set, predicted bandwidth against device latency, the break-even latencies and the
 * model's validation error. Everything here is modelled and says so; the measured sections never read it.
 */
final class OffloadSection {
    private OffloadSection() {
    }

    static void render(Html h, Path dir) {
        Path model = dir.resolve(ModelRun.MODEL_CSV);
        if (!Files.isRegularFile(model)) {
            return;
        }
        h.raw("<h3 id=\"offload-model\">MODEL: IAA offload (predicted, not measured)</h3>\n");
        h.p("meta", "Every number in this section is a MODEL prediction (docs/OFFLOAD-MODEL.md): the offload policy's "
                + "measured stage costs with its codec replaced by a device of each parameter set. It is not part of "
                + "the measured summary or the gate.");
        List<CSVRecord> rows;
        List<CSVRecord> checks;
        try {
            rows = read(model);
            Path v = dir.resolve(ModelRun.VALIDATION_CSV);
            checks = Files.isRegularFile(v) ? read(v) : List.of();
        } catch (IOException | RuntimeException e) {
            h.p("error", "model.csv could not be read: " + e.getMessage());
            return;
        }
        summary(h, rows);
        if (!rows.isEmpty()) {
            OffloadChart.charts(dir, rows.get(0).get("baseline_policy"), rows.get(0).get("offload_policy")).forEach(h::img);
        }
        breakEven(h, rows);
        validation(h, checks);
    }

    private static List<CSVRecord> read(Path f) throws IOException {
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r)
                     .setFormat(CsvTable.FORMAT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return p.getRecords();
        }
    }

    private static void summary(Html h, List<CSVRecord> rows) {
        Map<String, Map<String, List<Double>>> bySet = new LinkedHashMap<>();
        for (CSVRecord r : rows) {
            String ch = r.get("MODEL_change_vs_baseline_pct");
            if (!ch.isEmpty()) {
                bySet.computeIfAbsent(r.get("params"), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.get("pattern"), k -> new ArrayList<>()).add(Double.parseDouble(ch));
            }
        }
        String base = rows.isEmpty() ? "" : rows.get(0).get("baseline_policy");
        h.raw("<h4>MODEL: predicted average change per I/O type vs measured ").text(base).raw("</h4>\n");
        h.raw("<table><tr><th>parameter set</th><th>I/O type</th><th>cases</th><th>MODEL average</th>"
                + "<th>MODEL wins</th></tr>\n");
        bySet.forEach((set, byPattern) -> byPattern.forEach((p, ch) -> h.raw("<tr><td>").text(set).raw("</td><td>").text(p)
                .raw("</td><td>").text(Integer.toString(ch.size())).raw("</td><td>")
                .text(Html.pct(ch.stream().mapToDouble(x -> x).average().orElse(Double.NaN))).raw("</td><td>")
                .text(ch.stream().filter(x -> x > 0).count() + "/" + ch.size()).raw("</td></tr>\n")));
        h.raw("</table>\n");
    }

    private static void breakEven(Html h, List<CSVRecord> rows) {
        Map<String, Map<String, Map<Integer, Map<Integer, String>>>> t = new LinkedHashMap<>();
        TreeSet<Integer> jobs = new TreeSet<>();
        for (CSVRecord r : rows) {
            int j = Integer.parseInt(r.get("jobs"));
            jobs.add(j);
            String v = r.get("MODEL_break_even_latency_us");
            t.computeIfAbsent(r.get("params"), k -> new LinkedHashMap<>()).computeIfAbsent(r.get("pattern"),
                    k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(r.get("block_size")), k -> new TreeMap<>())
                    .put(j, v.isEmpty() ? "none" : v.equals("inf") ? ">10000" : Html.num(Double.parseDouble(v), 1));
        }
        h.raw("<h4>MODEL: break-even device latency (µs per 4 KiB job: compress for writes, decompress for reads)</h4>\n");
        h.p("meta", "The latency at which the offload policy's predicted bandwidth equals the measured baseline; "
                + "'none': slower even with a free device; '>10000': faster at any latency up to 10 ms.");
        t.forEach((set, byPattern) -> {
            h.raw("<table><tr><th>").text(set).raw("</th><th>block size</th>");
            jobs.forEach(j -> h.raw("<th>").text(j + (j == 1 ? " job" : " jobs")).raw("</th>"));
            h.raw("</tr>\n");
            byPattern.forEach((p, bySize) -> bySize.forEach((bs, byJobs) -> {
                h.raw("<tr><td>").text(p).raw("</td><td>").text(bs / 1024 + " KiB").raw("</td>");
                jobs.forEach(j -> h.raw("<td>").text(byJobs.getOrDefault(j, "–")).raw("</td>"));
                h.raw("</tr>\n");
            }));
            h.raw("</table>\n");
        });
    }

    private static void validation(Html h, List<CSVRecord> checks) {
        if (checks.isEmpty()) {
            return;
        }
        Map<String, List<Double>> g = new TreeMap<>();
        for (CSVRecord c : checks) {
            g.computeIfAbsent(c.get("kind") + " | " + c.get("policy") + " | " + c.get("pattern"), k -> new ArrayList<>())
                    .add(Math.abs(Double.parseDouble(c.get("MODEL_error_pct"))));
        }
        h.raw("<h4>MODEL validation on this host (software path and LZ4 predicted from the other policy's costs)</h4>\n");
        h.raw("<table><tr><th>kind | policy | I/O type</th><th>cases</th><th>median abs error</th>"
                + "<th>worst abs error</th></tr>\n");
        g.forEach((k, errs) -> {
            double[] s = errs.stream().mapToDouble(x -> x).sorted().toArray();
            double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            h.raw("<tr><td>").text(k).raw("</td><td>").text(Integer.toString(s.length)).raw("</td><td>")
                    .text(Html.num(med, 1) + " %").raw("</td><td>").text(Html.num(s[s.length - 1], 1) + " %")
                    .raw("</td></tr>\n");
        });
        h.raw("</table>\n");
    }
}
