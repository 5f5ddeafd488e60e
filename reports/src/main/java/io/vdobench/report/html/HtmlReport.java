package io.vdobench.report.html;

import static io.vdobench.report.html.Html.esc;
import static io.vdobench.report.html.Html.num;
import static io.vdobench.report.html.Html.pct;

import io.vdobench.fio.CaseComparison;
import io.vdobench.fio.CaseResult;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import io.vdobench.report.charts.BandwidthChart;
import io.vdobench.report.charts.CodecScatterChart;
import io.vdobench.report.charts.FragmentHistogramChart;
import io.vdobench.report.csv.Units;
import io.vdobench.report.model.BandwidthInterval;
import io.vdobench.report.model.CodecBenchRow;
import io.vdobench.report.model.Environment;
import io.vdobench.report.model.FragmentSample;
import io.vdobench.report.model.IoVerdict;
import io.vdobench.report.model.RunData;
import io.vdobench.report.model.SectionRun;
import io.vdobench.report.model.SummaryRow;
import io.vdobench.report.packing.Packing;
import io.vdobench.report.packing.PackingEstimate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders one or more runs into one self-contained HTML page: charts are PNG data URIs, the style
 * and the small image check are inline, nothing is fetched. Each run is a section; with several
 * runs a comparison across them comes first.
 */
public final class HtmlReport {
    static {
        // Charts are drawn off screen; never try to reach a display.
        System.setProperty("java.awt.headless", "true");
    }

    static final int CHART_W = 440;
    static final int CHART_H = 280;

    /**
     * @param baselinePolicy reference policy A for % changes; null = summary.csv's policy_a, else lz4, else the first
     * @param generatedAt    shown in the header (tests pass a fixed value)
     */
    public record Options(String baselinePolicy, Instant generatedAt) {
        public static Options defaults() {
            return new Options(null, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private final Options options;
    private int charts;
    private final Set<String> ids = new LinkedHashSet<>();

    private HtmlReport(Options options) {
        this.options = options;
    }

    /** The page; {@link #chartCount} tells how many chart images it holds. */
    public record Page(String html, int charts) {
    }

    public static Page render(List<RunData> runs, Options options) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run to report");
        }
        HtmlReport r = new HtmlReport(options);
        String html = r.page(runs);
        return new Page(html, r.charts);
    }

    private String page(List<RunData> runs) {
        Html body = new Html();
        String title = runs.size() == 1 ? "vdobench report: " + runs.get(0).label()
                : "vdobench comparison: " + String.join(" vs ", runs.stream().map(RunData::label).toList());
        body.raw("<header><h1>").text(title).raw("</h1>\n<p class=\"meta\">generated ")
                .text(options.generatedAt().toString())
                .raw(" by <code>vdobench report</code>. MB/s = 10<sup>6</sup> bytes/s. Every number on this page"
                        + " comes from the CSV files named in its section (schema: reports/SCHEMA.md).</p></header>\n");
        Html nav = new Html();
        nav.raw("<nav><ul>");
        if (runs.size() > 1) {
            nav.raw("<li><a href=\"#across\">across runs</a></li>");
            across(body, runs);
        }
        for (int i = 0; i < runs.size(); i++) {
            RunData run = runs.get(i);
            String id = anchor("run-" + run.label());
            nav.raw("<li><a href=\"#").raw(id).raw("\">").text(run.label()).raw("</a></li>");
            run(body, run, id, runs.size() > 1);
        }
        nav.raw("</ul></nav>\n");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + "</title>\n<style>\n" + PageAssets.CSS + SettlementSection.CSS + "</style>\n</head>\n"
                + "<body data-charts-expected=\"" + charts + "\">\n" + nav + body
                + "<script>\n" + PageAssets.CHECK_IMAGES + "</script>\n</body></html>\n";
    }

    private String anchor(String s) {
        String base = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    // ---------------------------------------------------------------- one run

    private void run(Html h, RunData run, String id, boolean several) {
        h.raw("<section class=\"run\" id=\"").raw(id).raw("\">\n");
        h.raw("<h2>").text(several ? "Run: " + run.label() : run.label()).raw("</h2>\n");
        h.raw("<p class=\"meta\">directory <code>").text(run.dir().toString()).raw("</code></p>\n");
        for (String broken : run.brokenInputs()) {
            h.p("error", broken);
        }
        List<CaseResult> results = run.results().rows();
        Map<String, List<CaseResult>> bySource = new TreeMap<>();
        results.forEach(r -> bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r));
        // The first screen answers the question: where did IAA run, is it faster per I/O type, what does it save.
        executionPath(h, run);
        verdicts(h, run);
        for (var e : bySource.entrySet()) {
            capacity(h, e.getValue(), run, bySource.size() > 1 ? " (engine " + e.getKey() + ")" : "");
        }
        environment(h, run);
        sectionsTable(h, run);
        summary(h, run);
        SettlementSection.render(h, run.dir());
        if (!run.results().present()) {
            h.raw("<h3>Bandwidth change per case</h3>\n").noData(run.results().absence());
            h.raw("<h3>Bandwidth against block size</h3>\n").noData(run.results().absence());
        } else {
            for (var e : bySource.entrySet()) {
                String engine = bySource.size() > 1 ? " (engine " + e.getKey() + ")" : "";
                heatMaps(h, e.getValue(), run, engine);
                bandwidth(h, e.getValue(), run, engine);
            }
        }
        ThreadSection.render(h, results);
        codecs(h, run);
        fragments(h, run);
        ConformanceSection.render(h, run.conformance(), run.hostile(), run.section("conformance"), run.section("hostile"));
        OffloadSection.render(h, run.dir());
        allCases(h, run);
        h.raw("</section>\n");
    }

    private static void executionPath(Html h, RunData run) {
        PathStatement ps = PathStatement.of(run.results().rows(), run.environment());
        h.raw("<div class=\"path").raw(ps.warning() ? " warn" : "").raw("\"><strong>Execution path.</strong> ")
                .text(ps.text()).raw("</div>\n");
    }

    /**
     * The verdict per I/O type: the producer's verdicts.csv when the run has one, else the patch-style summary's
     * figures, saying that no verdict was computed.
     */
    private void verdicts(Html h, RunData run) {
        h.raw("<h3>Verdict per I/O type</h3>\n");
        if (run.verdicts().present()) {
            h.p("meta", "as the comparison decided it (verdicts.csv)" + comparedPolicies(run) + ".");
            h.raw("<table class=\"summary first\"><tr><th>I/O type</th><th>verdict</th><th>why</th></tr>\n");
            for (IoVerdict v : run.verdicts().rows()) {
                h.raw("<tr><td>").text(IoPattern.labelOf(v.pattern())).raw("</td><td class=\"verdict\">")
                        .text(v.verdict()).raw("</td><td>").text(v.detail()).raw("</td></tr>\n");
            }
            h.raw("</table>\n");
            return;
        }
        if (!run.summary().present()) {
            h.noData(run.summary().absence() + "; and no verdicts.csv");
            return;
        }
        SummaryRow first = run.summary().rows().get(0);
        h.p("meta", "no verdict was computed for this run (no verdicts.csv): the patch-style summary's figures"
                + comparedPolicies(run) + ". + means " + first.policyB() + " has the higher bandwidth.");
        h.raw("<table class=\"summary first\"><tr><th>I/O type</th><th>").text(first.policyB()).raw(" against ")
                .text(first.policyA()).raw(": average change</th><th>median change</th><th>cases ")
                .text(first.policyB()).raw(" faster</th></tr>\n");
        for (SummaryRow r : run.summary().rows()) {
            h.raw("<tr><td>").text(IoPattern.labelOf(r.pattern())).raw("</td>").raw(signed(r.avgChangePct()))
                    .raw(signed(r.medianChangePct())).raw("<td class=\"num\">").text(r.winsLabel()).raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }

    private static String comparedPolicies(RunData run) {
        if (!run.summary().present() || run.summary().rows().get(0).policyA().isEmpty()) {
            return "";
        }
        SummaryRow s = run.summary().rows().get(0);
        return ", " + s.policyB() + " (B) against " + s.policyA() + " (A)";
    }

    /** Under a section's heading: the command that produced it, what it ran, how long it took (sections.properties). */
    private static void provenance(Html h, RunData run, String section) {
        provenance(h, run.section(section));
    }

    static void provenance(Html h, SectionRun s) {
        if (s == null) {
            return;
        }
        h.raw("<p class=\"meta provenance\">");
        if (!s.command().isEmpty()) {
            h.raw("produced by <code>").text(s.command()).raw("</code>");
            h.text(s.seconds() >= 0 ? " in " + s.seconds() + " s" : "");
        }
        if (!s.ran().isEmpty()) {
            h.text((s.command().isEmpty() ? "" : "; ") + "ran: " + s.ran());
        }
        if (!s.ok()) {
            h.raw(" <span class=\"loss\">").text(s.status()).raw("</span>");
        }
        h.raw("</p>\n");
    }

    /** What produced each section of this run, and the time each added. */
    private static void sectionsTable(Html h, RunData run) {
        if (!run.sections().present()) {
            return;
        }
        // Sections made by one command (the conformance suite's two files) count once.
        Map<String, Long> byCommand = new LinkedHashMap<>();
        run.sections().rows().stream().filter(s -> s.seconds() >= 0)
                .forEach(s -> byCommand.merge(s.command().isEmpty() ? s.name() : s.command(), s.seconds(), Math::max));
        h.raw("<details><summary>how each section of this run was produced (")
                .text(byCommand.values().stream().mapToLong(Long::longValue).sum() + " s in all)").raw("</summary><table class=\"cases\"><tr><th>section</th><th>seconds</th>"
                        + "<th>status</th><th>command</th><th>ran</th></tr>\n");
        for (SectionRun s : run.sections().rows()) {
            h.raw("<tr><td>").text(s.name()).raw("</td><td class=\"num\">").text(s.seconds() < 0 ? "–" : Long.toString(s.seconds()))
                    .raw("</td><td>").text(s.status()).raw("</td><td><code>").text(s.command()).raw("</code></td><td>")
                    .text(s.ran()).raw("</td></tr>\n");
        }
        h.raw("</table></details>\n");
    }

    private void environment(Html h, RunData run) {
        Environment env = run.environment();
        h.raw("<h3>Environment</h3>\n");
        if (env.isEmpty()) {
            h.noData(run.environmentProblem().isEmpty() ? "no data (expected file environment.properties)" : run.environmentProblem());
            return;
        }
        String[][] keys = {
            {Environment.LABEL, "run"}, {Environment.TIMESTAMP, "started"}, {Environment.CPU_MODEL, "CPU"},
            {Environment.CPU_CORES, "cores"}, {Environment.OS, "OS"}, {Environment.JDK, "JDK"},
            {Environment.IAA_DEVICES, "IAA devices"}, {Environment.QPL_PATH, "qpl path"},
            {Environment.QPL_VERSION, "libqpl"}, {Environment.QPL_REASON, "qpl unavailable because"},
            {Environment.PIPELINE_LZ4, "pipeline LZ4"},
            {Environment.GIT_COMMIT, "vdobench commit"}, {"profile", "profile"},
            {"vdo.threads", "VDO threads"}, {"vdo.execution", "VDO execution"}};
        h.raw("<table class=\"env\">");
        Set<String> shown = new LinkedHashSet<>();
        int cell = 0;
        for (String[] k : keys) {
            String v = env.get(k[0]);
            shown.add(k[0]);
            if (!v.isEmpty()) {
                // two facts per row: the block stays short enough to keep the results in view
                h.raw(cell % 2 == 0 ? "<tr>" : "").raw("<th>").text(k[1]).raw("</th><td>").text(v).raw("</td>")
                        .raw(cell % 2 == 1 ? "</tr>" : "");
                cell++;
            }
        }
        h.raw(cell % 2 == 1 ? "<td></td><td></td></tr>" : "").raw("</table>\n");
        iaaSetup(h, env, shown);
        Map<String, String> rest = new TreeMap<>(env.properties());
        rest.keySet().removeAll(shown);
        if (!rest.isEmpty()) {
            h.raw("<details><summary>all ").raw(Integer.toString(rest.size()))
                    .raw(" other facts (codec libraries, versions, paths)</summary><table class=\"env small\">");
            rest.forEach((k, v) -> h.raw("<tr><th>").text(k).raw("</th><td>").text(v).raw("</td></tr>"));
            h.raw("</table></details>\n");
        }
    }

    /**
     * The {@code iaa.*} facts (reports/SCHEMA.md): how IAA was set up, so two IAA results can be compared on equal
     * terms. Shown whenever the run recorded them, hardware or not.
     */
    private static void iaaSetup(Html h, Environment env, Set<String> shown) {
        Map<String, String> iaa = new TreeMap<>();
        env.properties().forEach((k, v) -> {
            if (k.startsWith(Environment.IAA_PREFIX) && !shown.contains(k)) {
                iaa.put(k, v);
            }
        });
        if (iaa.isEmpty()) {
            return;
        }
        h.raw("<h4>IAA set-up</h4>\n<table class=\"env small\">");
        iaa.forEach((k, v) -> h.raw("<tr><th>").text(k.substring(Environment.IAA_PREFIX.length())).raw("</th><td>")
                .text(v).raw("</td></tr>"));
        h.raw("</table>\n");
        shown.addAll(iaa.keySet());
    }

    private void summary(Html h, RunData run) {
        h.raw("<h3>Summary, as the patch reported it</h3>\n");
        provenance(h, run, "matrix");
        if (!run.summary().present()) {
            h.noData(run.summary().absence());
            return;
        }
        List<SummaryRow> rows = run.summary().rows();
        SummaryRow first = rows.get(0);
        if (!first.policyA().isEmpty()) {
            h.p("meta", "bandwidth of " + first.policyB() + " relative to " + first.policyA()
                    + ": + means " + first.policyB() + " is faster (from summary.csv); ran: " + first.ranA() + "; "
                    + first.ranB());
        }
        h.raw("<table class=\"summary\"><tr><th>I/O type</th><th>average change</th><th>median change</th>"
                + "<th>wins</th><th>best gain</th></tr>\n");
        for (SummaryRow s : rows) {
            h.raw("<tr><td>").text(IoPattern.labelOf(s.pattern())).raw("</td>")
                    .raw(signed(s.avgChangePct())).raw(signed(s.medianChangePct()))
                    .raw("<td class=\"num\">").text(s.winsLabel()).raw("</td><td>");
            if (!s.bestCase().isEmpty()) {
                h.text(s.bestCase() + ": " + num(s.bestFrom(), 1) + " → " + num(s.bestTo(), 1) + " MB/s, "
                        + pct(s.bestChangePct()));
            } else {
                h.text("–");
            }
            h.raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }

    private static String signed(double v) {
        String cls = Double.isNaN(v) || v == 0 ? "num" : v > 0 ? "num gain" : "num loss";
        return "<td class=\"" + cls + "\">" + esc(pct(v)) + "</td>";
    }

    /** Reference policy A and the policies compared with it. */
    private List<String> policyOrder(List<CaseResult> rows, RunData run) {
        TreeSet<String> all = new TreeSet<>();
        rows.forEach(r -> all.add(r.policy()));
        String a = null;
        if (options.baselinePolicy() != null && all.contains(options.baselinePolicy())) {
            a = options.baselinePolicy();
        } else if (run != null && run.summary().present() && all.contains(run.summary().rows().get(0).policyA())) {
            a = run.summary().rows().get(0).policyA();
        } else if (all.contains("lz4")) {
            a = "lz4";
        } else {
            a = all.first();
        }
        List<String> order = new ArrayList<>();
        order.add(a);
        for (String p : all) {
            if (!p.equals(a)) {
                order.add(p);
            }
        }
        return order;
    }

    /** Per policy: what the written data cost on disk and how often the policy fell back, over all cases. */
    private void capacity(Html h, List<CaseResult> rows, RunData run, String engine) {
        boolean any = rows.stream().anyMatch(r -> !Double.isNaN(r.compressionRatio()) || !Double.isNaN(r.spaceSavingPct())
                || r.fallbackTotal() > 0);
        if (!any) {
            return;
        }
        TreeSet<String> reasons = new TreeSet<>();
        rows.forEach(r -> reasons.addAll(r.fallbacks().keySet()));
        h.raw("<h3>Capacity and fallbacks per policy").text(engine).raw("</h3>\n");
        h.p("meta", "means over the cases that report them (write cases); fallbacks summed over all cases. From results.csv.");
        h.raw("<table class=\"cases\"><tr><th>policy</th><th>codec</th><th>executed path</th><th>compression ratio</th>"
                + "<th>space saving</th><th>fragments per packed block</th>");
        reasons.forEach(k -> h.raw("<th>").text("fallback: " + k.replace('_', ' ')).raw("</th>"));
        h.raw("</tr>\n");
        for (String p : policyOrder(rows, run)) {
            List<CaseResult> mine = rows.stream().filter(r -> r.policy().equals(p)).toList();
            Set<String> codecs = new TreeSet<>();
            Set<String> paths = new TreeSet<>();
            mine.forEach(r -> {
                if (!r.codec().isEmpty()) {
                    codecs.add(r.codec());
                }
                paths.add(r.executedPath());
            });
            h.raw("<tr><td>").text(p).raw("</td><td>").text(String.join(", ", codecs)).raw("</td><td>")
                    .text(String.join(", ", paths)).raw("</td><td class=\"num\">")
                    .text(num(mean(mine, CaseResult::compressionRatio), 2)).raw("</td><td class=\"num\">")
                    .text(num(mean(mine, CaseResult::spaceSavingPct), 1) + " %").raw("</td><td class=\"num\">")
                    .text(num(mean(mine, CaseResult::fragmentsPerPackedBlock), 2)).raw("</td>");
            for (String k : reasons) {
                long n = mine.stream().mapToLong(r -> r.fallbacks().getOrDefault(k, 0L)).sum();
                h.raw("<td class=\"num").raw(n > 0 ? " amber" : "").raw("\">").text(Long.toString(n)).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }

    private static double mean(List<CaseResult> rows, java.util.function.ToDoubleFunction<CaseResult> f) {
        return rows.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    private void heatMaps(Html h, List<CaseResult> rows, RunData run, String engine) {
        List<String> policies = policyOrder(rows, run);
        h.raw("<h3>Bandwidth change per case").text(engine).raw("</h3>\n");
        if (policies.size() < 2) {
            h.noData("only one policy (" + policies.get(0) + ") in results.csv: nothing to compare");
            return;
        }
        for (String b : policies.subList(1, policies.size())) {
            heatMap(h, CaseChanges.of(rows, policies.get(0), b,
                    SettlementSection.settledCases(run.dir(), policies.get(0), b)), null);
        }
    }

    /**
     * Rows: pattern × jobs; columns: block size; cell: % change of B against A, the case's comparison as the summary
     * computed it; cells whose per-case interval (cases.csv) includes 0 hatched.
     */
    private void heatMap(Html h, CaseChanges cmp, String caption) {
        TreeSet<Integer> sizes = new TreeSet<>();
        TreeSet<IoPattern> patterns = new TreeSet<>();
        TreeSet<Integer> jobs = new TreeSet<>();
        cmp.cells().keySet().forEach(c -> {
            sizes.add(c.blockSize());
            patterns.add(c.pattern());
            jobs.add(c.numjobs());
        });
        Map<MatrixCase, CaseComparison> ci = cmp.settled();
        List<Double> values = cmp.cells().values().stream().map(CaseChanges.Cell::changePct).toList();
        HeatScale scale = HeatScale.forValues(values);
        long wins = values.stream().filter(v -> v > 0).count();
        long compared = values.stream().filter(v -> !Double.isNaN(v)).count();
        h.p("meta", (caption == null ? "" : caption + ": ") + "% change of " + cmp.b() + " against " + cmp.a()
                + " in bandwidth, 100·(" + cmp.b() + " − " + cmp.a() + ")/" + cmp.a() + "; blue = " + cmp.b()
                + " faster, red = slower; " + wins + " of " + compared + " cases faster. Hover a cell for the MB/s."
                + (ci.isEmpty() ? "" : " Cells show each case's change over its fork pairs (cases.csv); hatched,"
                        + " italic: its 95 % interval includes 0 (this case alone cannot tell A from B)."));
        h.raw("<table class=\"heat\"><tr><th>I/O type, jobs</th>");
        for (int s : sizes) {
            h.raw("<th>").text(Units.blockSizeLabel(s)).raw("</th>");
        }
        h.raw("</tr>\n");
        for (IoPattern p : patterns) {
            for (int j : jobs) {
                boolean any = sizes.stream().anyMatch(s -> cmp.cells().containsKey(MatrixCase.of(p, s, j)));
                if (!any) {
                    continue;
                }
                h.raw("<tr><th>").text(p.label() + ", " + j + (j == 1 ? " job" : " jobs")).raw("</th>");
                for (int s : sizes) {
                    MatrixCase c = MatrixCase.of(p, s, j);
                    CaseChanges.Cell cell = cmp.cells().get(c);
                    // A settled case shows the summary's change (over its fork pairs), not results.csv's means.
                    double v = cell == null ? Double.NaN : cell.changePct();
                    String tip = cell == null ? c.label() + ": not run"
                            : c.label() + ": " + cmp.a() + " " + num(cell.aMbPerS(), 1) + " → " + cmp.b() + " "
                            + num(cell.bMbPerS(), 1) + " MB/s (" + pct(v) + ")" + SettlementSection.tip(ci.get(c));
                    String cls = SettlementSection.cellClass(ci.get(c));
                    h.raw("<td").raw(cls.isEmpty() ? "" : " class=\"" + cls + "\"").raw(" style=\"background:").raw(scale.background(v)).raw(";color:").raw(scale.foreground(v))
                            .raw("\" title=\"").text(tip).raw("\">")
                            .text(Double.isNaN(v) ? "–" : Math.abs(v) < 0.05 ? "0.0" : String.format(Locale.ROOT, "%+.1f", v))
                            .raw("</td>");
                }
                h.raw("</tr>\n");
            }
        }
        h.raw("</table>\n<div class=\"legend\"><span>").text(String.format(Locale.ROOT, "−%.0f %%", scale.limit()))
                .raw("</span>");
        for (int i = -5; i <= 5; i++) {
            double v = scale.limit() * i / 5.0;
            h.raw("<i style=\"background:").raw(scale.background(v)).raw("\" title=\"")
                    .text(String.format(Locale.ROOT, "%+.0f %%", v)).raw("\"></i>");
        }
        h.raw("<span>").text(String.format(Locale.ROOT, "+%.0f %%", scale.limit()))
                .raw("</span><span class=\"grey\">grey: case missing for one policy</span></div>\n");
    }

    private void bandwidth(Html h, List<CaseResult> rows, RunData run, String engine) {
        List<String> policies = policyOrder(rows, null);
        h.raw("<h3>Bandwidth against block size").text(engine).raw("</h3>\n");
        List<BandwidthInterval> intervals = run.intervals().rows();
        Set<String> methods = new TreeSet<>();
        intervals.forEach(i -> methods.add(i.method()));
        h.p("meta", "one line per policy, from results.csv; the axis starts at 0. Bars: "
                + (intervals.isEmpty() ? "none, this run has no intervals (" + run.intervals().absence() + ")"
                : String.join("; ", methods) + " (intervals.csv); such an interval cannot go below zero")
                + ". JMH's own ± 99.9 % error is in the table of all rows.");
        TreeSet<IoPattern> patterns = new TreeSet<>();
        TreeSet<Integer> jobs = new TreeSet<>();
        rows.forEach(r -> {
            patterns.add(r.matrixCase().pattern());
            jobs.add(r.matrixCase().numjobs());
        });
        h.raw("<div class=\"grid\">\n");
        for (IoPattern p : patterns) {
            for (int j : jobs) {
                if (rows.stream().anyMatch(r -> r.matrixCase().pattern() == p && r.matrixCase().numjobs() == j)) {
                    h.img(BandwidthChart.render(rows, intervals, p, j, policies, CHART_W, CHART_H));
                    charts++;
                }
            }
        }
        h.raw("</div>\n");
        latencyTable(h, rows, policies);
    }

    private void latencyTable(Html h, List<CaseResult> rows, List<String> policies) {
        if (rows.stream().allMatch(r -> Double.isNaN(r.p99Us()))) {
            return;
        }
        h.raw("<details><summary>latency percentiles (µs) per case</summary><table class=\"cases\"><tr><th>case</th>");
        for (String p : policies) {
            h.raw("<th>").text(p + " p50 / p99 / p99.9").raw("</th>");
        }
        h.raw("</tr>\n");
        TreeSet<MatrixCase> cases = new TreeSet<>();
        rows.forEach(r -> cases.add(r.matrixCase()));
        for (MatrixCase c : cases) {
            h.raw("<tr><td>").text(c.label()).raw("</td>");
            for (String p : policies) {
                CaseResult r = rows.stream().filter(x -> x.matrixCase().equals(c) && x.policy().equals(p)).findFirst().orElse(null);
                h.raw("<td class=\"num\">").text(r == null ? "–" : num(r.p50Us(), 1) + " / " + num(r.p99Us(), 1) + " / "
                        + num(r.p999Us(), 1)).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table></details>\n");
    }

    private void codecs(Html h, RunData run) {
        h.raw("<h3>Codecs: compression ratio against speed</h3>\n");
        provenance(h, run, "codec-bench");
        if (!run.codecBench().present()) {
            h.noData(run.codecBench().absence().replace("codec-bench.csv)", "codec-bench.csv or codec-bench.json)"));
            return;
        }
        List<CodecBenchRow> rows = run.codecBench().rows();
        h.p("meta", "one point per codec and level; further up = smaller, further right = faster. From "
                + run.codecBench().expectedFile() + ".");
        unavailableHere(h, run.environment());
        Map<String, List<Integer>> kinds = new TreeMap<>();
        for (CodecBenchRow r : rows) {
            List<Integer> l = kinds.computeIfAbsent(r.data(), k -> new ArrayList<>());
            if (!l.contains(r.blockSize())) {
                l.add(r.blockSize());
            }
        }
        h.raw("<div class=\"grid two\">\n");
        for (var e : kinds.entrySet()) {
            for (int size : new TreeSet<>(e.getValue())) {
                for (boolean decompress : new boolean[] {false, true}) {
                    boolean any = rows.stream().anyMatch(r -> r.blockSize() == size && r.data().equals(e.getKey())
                            && (decompress ? r.decompressMbS() : r.compressMbS()) > 0);
                    if (any) {
                        h.img(CodecScatterChart.render(rows, size, e.getKey(), decompress, 660, 360));
                        charts++;
                    }
                }
            }
        }
        h.raw("</div>\n<details><summary>codec bench table</summary><table class=\"cases\"><tr><th>codec</th><th>block</th>"
                + "<th>data</th><th>compress MB/s</th><th>decompress MB/s</th><th>ratio</th><th>path</th></tr>\n");
        for (CodecBenchRow r : rows) {
            h.raw("<tr><td>").text(r.codec()).raw("</td><td class=\"num\">").text(Units.blockSizeLabel(r.blockSize()))
                    .raw("</td><td>").text(r.data()).raw("</td><td class=\"num\">").text(withErr(r.compressMbS(), r.compressMbSError()))
                    .raw("</td><td class=\"num\">").text(withErr(r.decompressMbS(), r.decompressMbSError()))
                    .raw("</td><td class=\"num\">").text(num(r.ratio(), 3)).raw("</td><td>")
                    .text(r.executedPath().isEmpty() ? codecPath(run.environment(), r.codec()) : r.executedPath())
                    .raw("</td></tr>\n");
        }
        h.raw("</table></details>\n");
    }

    /**
     * One line naming the codecs this host could not run (environment.properties: {@code codec.<id>.path=none}) and
     * why, so a section says what it could not fill here; nothing when every codec ran.
     */
    private static void unavailableHere(Html h, Environment env) {
        Map<String, String> why = new TreeMap<>();
        env.properties().forEach((k, v) -> {
            if (k.startsWith("codec.") && k.endsWith(".path") && v.equals("none")) {
                String id = k.substring("codec.".length(), k.length() - ".path".length());
                String reason = env.get("codec." + id + ".reason");
                boolean noIaa = id.contains("path=hardware") && env.get(Environment.IAA_DEVICES).equals("0");
                why.put(id, noIaa ? "IAA hardware: none" : reason.isEmpty() ? "unavailable" : reason.split(";", 2)[0]);
            }
        });
        if (why.isEmpty()) {
            return;
        }
        Map<String, List<String>> byReason = new TreeMap<>();
        why.forEach((id, r) -> byReason.computeIfAbsent(r, k -> new ArrayList<>()).add(id));
        List<String> parts = new ArrayList<>();
        byReason.forEach((r, ids) -> parts.add(String.join(", ", ids) + " (" + r + ")"));
        h.p("meta", "Not measured on this host: " + String.join("; ", parts) + ".");
    }

    private static String codecPath(Environment env, String codec) {
        String p = env.get("codec." + codec + ".path");
        return p.isEmpty() ? "–" : p;
    }

    private static String withErr(double v, double err) {
        return Double.isNaN(err) ? num(v, 1) : num(v, 1) + " ± " + num(err, 1);
    }

    private void fragments(Html h, RunData run) {
        h.raw("<h3>Fragment sizes and what they save</h3>\n");
        provenance(h, run, "fragments");
        if (!run.fragments().present()) {
            h.noData(run.fragments().absence() + " — `vdobench report --sample-fragments 2048 DIR` measures it");
            return;
        }
        Map<String, List<Integer>> byCodec = new LinkedHashMap<>();
        Set<String> kinds = new TreeSet<>();
        for (FragmentSample s : run.fragments().rows()) {
            byCodec.computeIfAbsent(s.codec(), k -> new ArrayList<>()).add(s.fragmentBytes());
            kinds.add(s.data());
        }
        h.p("meta", "compressed size of each 4096-byte block (" + String.join(", ", kinds) + " data, from fragments.csv)."
                + " dm-vdo packs fragments into 4 KiB blocks with 4060 data bytes and at least two fragments each:"
                + " k = floor(4060 / size) fragments share a block (at most 14), so the lines at 4060/2 = 2030,"
                + " 4060/3 = 1353, 4060/4 = 1015 … bytes are where the saving jumps. A fragment above 2030 B is"
                + " alone in its block and is stored uncompressed: a decent ratio that lands there saves nothing.");
        // The codecs behind the run's policies come first, named by their policy.
        Map<String, Set<String>> policiesOf = new TreeMap<>();
        run.results().rows().forEach(r -> policiesOf.computeIfAbsent(r.codec(), k -> new TreeSet<>()).add(r.policy()));
        Map<String, List<Integer>> ordered = new LinkedHashMap<>();
        byCodec.forEach((c, l) -> {
            if (policiesOf.containsKey(c)) {
                ordered.put(c, l);
            }
        });
        ordered.putAll(byCodec);
        byCodec = ordered;
        h.raw("<table class=\"cases packing\"><tr><th>codec</th><th>policy</th><th>blocks</th><th>median fragment</th>"
                + "<th>mean fragment</th><th>ratio</th><th>fragments per packed block</th><th>stored uncompressed</th>"
                + "<th>space saving</th></tr>\n");
        Map<String, PackingEstimate> est = new LinkedHashMap<>();
        byCodec.forEach((c, l) -> est.put(c, PackingEstimate.of(l.stream().mapToInt(Integer::intValue).toArray())));
        est.forEach((c, e) -> {
            String cls = e.spaceSavingPct() <= 0 ? " class=\"loss\"" : "";
            h.raw("<tr><td>").text(c).raw("</td><td>").text(String.join(", ", policiesOf.getOrDefault(c, Set.of())))
                    .raw("</td><td class=\"num\">").text(Long.toString(e.samples()))
                    .raw("</td><td class=\"num\">").text(num(e.medianBytes(), 0) + " B").raw("</td><td class=\"num\">")
                    .text(num(e.meanBytes(), 0) + " B").raw("</td><td class=\"num\">").text(num(e.compressionRatio(), 2))
                    .raw("</td><td class=\"num\">").text(num(e.fragmentsPerPackedBlock(), 2)).raw("</td><td class=\"num\">")
                    .text(e.unpacked() + " (" + num(100.0 * e.unpacked() / e.samples(), 1) + " %)")
                    .raw("</td><td class=\"num\"").raw(cls).raw(">").text(num(e.spaceSavingPct(), 1) + " %").raw("</td></tr>\n");
        });
        h.raw("</table>\n");
        unavailableHere(h, run.environment());
        h.raw("<div class=\"grid\">\n");
        byCodec.forEach((c, l) -> {
            h.img(FragmentHistogramChart.render(c, l.stream().mapToInt(Integer::intValue).toArray(), CHART_W, CHART_H));
            charts++;
        });
        h.raw("</div>\n");
        h.p("meta", "Saving = 100·(1 − physical blocks / logical blocks) with like-sized fragments sharing blocks, the steady"
                + " state of a busy packer; thresholds " + Packing.thresholds() + " bytes.");
    }

    private void allCases(Html h, RunData run) {
        if (!run.results().present()) {
            return;
        }
        List<CaseResult> rows = new ArrayList<>(run.results().rows());
        rows.sort((x, y) -> {
            int c = x.matrixCase().compareTo(y.matrixCase());
            return c != 0 ? c : x.policy().compareTo(y.policy());
        });
        h.raw("<details><summary>all ").raw(Integer.toString(rows.size())).raw(" rows of results.csv</summary>"
                + "<table class=\"cases\"><tr><th>case</th><th>policy</th><th>codec</th><th>path</th><th>MB/s</th>"
                + "<th>ops/s</th><th>ratio</th><th>saving</th><th>frag/blk</th><th>fallbacks</th><th>engine</th></tr>\n");
        for (CaseResult r : rows) {
            StringBuilder fb = new StringBuilder();
            r.fallbacks().forEach((k, v) -> {
                if (v > 0) {
                    fb.append(k).append(' ').append(v).append(' ');
                }
            });
            h.raw("<tr><td>").text(r.matrixCase().label()).raw("</td><td>").text(r.policy()).raw("</td><td>")
                    .text(r.codec()).raw("</td><td>").text(r.executedPath()).raw("</td><td class=\"num\">")
                    .text(withErr(r.mbPerS(), r.mbPerSError())).raw("</td><td class=\"num\">").text(num(r.opsPerS(), 0))
                    .raw("</td><td class=\"num\">").text(num(r.compressionRatio(), 2)).raw("</td><td class=\"num\">")
                    .text(Double.isNaN(r.spaceSavingPct()) ? "–" : num(r.spaceSavingPct(), 1) + " %")
                    .raw("</td><td class=\"num\">").text(num(r.fragmentsPerPackedBlock(), 2)).raw("</td><td>")
                    .text(fb.isEmpty() ? "0" : fb.toString().trim()).raw("</td><td>").text(r.source()).raw("</td></tr>\n");
        }
        h.raw("</table></details>\n");
    }

    // ---------------------------------------------------------------- across runs

    private void across(Html h, List<RunData> runs) {
        h.raw("<section class=\"run\" id=\"across\"><h2>Across runs</h2>\n");
        RunData ref = runs.get(0);
        h.p("meta", "each later run against the first (" + ref.label() + "), policy by policy, on the cases both ran."
                + " Check the execution-path line of each run before reading anything into a difference.");
        h.raw("<table class=\"env\"><tr><th>run</th><th>execution path</th><th>CPU</th><th>cores</th></tr>\n");
        for (RunData r : runs) {
            PathStatement ps = PathStatement.of(r.results().rows(), r.environment());
            h.raw("<tr><td>").text(r.label()).raw("</td><td").raw(ps.warning() ? " class=\"amber\"" : "").raw(">")
                    .text(ps.text()).raw("</td><td>").text(r.environment().get(Environment.CPU_MODEL)).raw("</td><td>")
                    .text(r.environment().get(Environment.CPU_CORES)).raw("</td></tr>\n");
        }
        h.raw("</table>\n");
        if (!ref.results().present()) {
            h.noData("the first run has no results.csv: nothing to compare against");
        }
        for (RunData other : runs.subList(1, runs.size())) {
            if (!ref.results().present() || !other.results().present()) {
                continue;
            }
            Set<String> policies = new TreeSet<>();
            ref.results().rows().forEach(r -> policies.add(r.policy()));
            Set<String> otherPolicies = new TreeSet<>();
            other.results().rows().forEach(r -> otherPolicies.add(r.policy()));
            policies.retainAll(otherPolicies);
            if (policies.isEmpty()) {
                h.noData(other.label() + " shares no policy with " + ref.label());
            }
            for (String p : policies) {
                // Relabel the policy by run so the comparison machinery sees two "policies".
                List<CaseResult> merged = new ArrayList<>();
                String a = ref.label();
                String b = other.label().equals(a) ? other.label() + " (2)" : other.label();
                ref.results().rows().stream().filter(r -> r.policy().equals(p)).forEach(r -> merged.add(r.withPolicy(a)));
                other.results().rows().stream().filter(r -> r.policy().equals(p)).forEach(r -> merged.add(r.withPolicy(b)));
                h.raw("<h3>").text("policy " + p + ": " + b + " against " + a).raw("</h3>\n");
                heatMap(h, CaseChanges.of(merged, a, b, Map.of()), "policy " + p);
            }
        }
        h.raw("</section>\n");
    }
}
