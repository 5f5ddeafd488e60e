package io.vdobench.report.charts;

import io.vdobench.fio.IoPattern;
import io.vdobench.report.offload.Device;
import io.vdobench.report.offload.HandOff;
import io.vdobench.report.offload.ModelRun;
import io.vdobench.report.offload.OffloadModel;
import io.vdobench.report.offload.OffloadModelException;
import io.vdobench.report.offload.ParameterSets;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * MODEL charts: the offload policy's predicted bandwidth against the device's job latency (compress for writes,
 * decompress for reads), one line per block size, with the measured baseline of each block size (its stage
 * window's sustained rate, the scale the model works on) as a dashed
 * line of the same colour and the published job latency marked (QPL docs 3.2 µs per 4 KiB compress; zswap
 * swap-in 2.47 µs per page for decompress). Drawn for the {@code qpl-doc-sync-1engine} device's mode at the
 * smallest job count measured.
 */
public final class OffloadChart {
    private static final String SET = "qpl-doc-sync-1engine";
    private static final double MAX_US = 40;

    private OffloadChart() {
    }

    /**
     * One chart per I/O type of the run, for the policies {@code vdobench model} compared; none when the run has
     * no stage files (the model cannot run).
     */
    public static List<ChartImage> charts(java.nio.file.Path dir, String baseline, String offload) {
        ModelRun run;
        try {
            run = ModelRun.load(dir, baseline, offload);
        } catch (OffloadModelException | java.io.UncheckedIOException e) {
            return List.of();
        }
        Device dev = ParameterSets.named(SET);
        List<ChartImage> out = new ArrayList<>();
        TreeSet<String> patterns = new TreeSet<>(
                java.util.Comparator.comparingInt(IoPattern::order).thenComparing(java.util.Comparator.naturalOrder()));
        run.pairs().forEach(p -> patterns.add(p.offload().stages().pattern()));
        for (String pattern : patterns) {
            out.add(chart(run, dev, pattern));
        }
        return out;
    }

    private static ChartImage chart(ModelRun run, Device dev, String pattern) {
        List<ModelRun.CasePair> cases = run.pairs().stream().filter(p -> p.offload().stages().pattern().equals(pattern))
                .toList();
        int jobs = cases.stream().mapToInt(p -> p.offload().stages().jobs()).min().orElse(1);
        boolean write = pattern.contains("write");
        XYSeriesCollection ds = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        int i = 0;
        for (ModelRun.CasePair p : cases) {
            if (p.offload().stages().jobs() != jobs) {
                continue;
            }
            int bs = p.offload().stages().blockSize();
            XYSeries model = new XYSeries("MODEL " + bs / 1024 + " KiB");
            HandOff h = run.predictionHandOff(p.offload().stages());
            for (double l = 0; l <= MAX_US; l += 0.5) {
                Device d = write ? dev.withCompressLatency(l) : dev.withDecompressLatency(l);
                model.add(l, OffloadModel.predict(p.offload().stages(), p.offload().stages().windowMbPerS(), d, h).mbPerS());
            }
            ds.addSeries(model);
            r.setSeriesPaint(2 * i, Style.color(i));
            r.setSeriesStroke(2 * i, Style.LINE);
            XYSeries base = new XYSeries("measured " + run.baseline() + " " + bs / 1024 + " KiB");
            if (p.baseline() != null) {
                base.add(0, p.baseline().stages().windowMbPerS());
                base.add(MAX_US, p.baseline().stages().windowMbPerS());
            }
            ds.addSeries(base);
            r.setSeriesPaint(2 * i + 1, Style.color(i));
            r.setSeriesStroke(2 * i + 1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0));
            i++;
        }
        NumberAxis x = new NumberAxis("device latency per 4 KiB " + (write ? "compress" : "decompress") + " job, µs");
        NumberAxis y = new NumberAxis("MODEL bandwidth, MB/s (10^6 B/s)");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(ds, x, y, r);
        double published = write ? 3.2 : 2.47;
        ValueMarker m = new ValueMarker(published, java.awt.Color.DARK_GRAY, new BasicStroke(1f));
        m.setLabel(write ? "QPL docs 3.2 µs" : "zswap swap-in 2.47 µs");
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(m);
        String title = "MODEL " + pattern + ", " + jobs + (jobs == 1 ? " job" : " jobs") + ": " + run.offload()
                + " on a " + dev.mode().label() + " device (" + SET + ")";
        JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
        Style.apply(chart);
        return ChartImage.render(chart, 900, 420, "MODEL: predicted " + run.offload() + " bandwidth against device latency "
                + "for " + pattern + " at " + jobs + " job(s), one line per block size, measured " + run.baseline()
                + " dashed");
    }
}
