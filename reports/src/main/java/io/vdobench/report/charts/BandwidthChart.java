package io.vdobench.report.charts;

import io.vdobench.fio.CaseResult;
import io.vdobench.fio.IoPattern;
import io.vdobench.fio.MatrixCase;
import io.vdobench.report.csv.Units;
import io.vdobench.report.model.BandwidthInterval;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.RangeType;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Bandwidth against block size for one I/O pattern and job count, one line per policy. The bars are the intervals
 * given as input (each says what it is); a point without one has no bar. Bandwidth is never negative, and neither
 * is the axis: it starts at zero.
 */
public final class BandwidthChart {
    private BandwidthChart() {
    }

    /**
     * @param intervals the intervals to draw as bars (any cases; those of this chart are picked); may be empty
     * @return the chart, its {@code data-} attributes naming the chart kind, the axis range after layout and the
     *         lowest bar end ({@code bar-min}, "none" without bars), for the browser test
     */
    public static ChartImage render(List<CaseResult> rows, List<BandwidthInterval> intervals, IoPattern pattern, int jobs,
                                    List<String> policies, int width, int height) {
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.stream().map(CaseResult::matrixCase).filter(c -> c.pattern() == pattern && c.numjobs() == jobs)
                .forEach(c -> sizes.add(c.blockSize()));
        List<Integer> sizeList = new ArrayList<>(sizes);
        YIntervalSeriesCollection ds = new YIntervalSeriesCollection();
        double barMin = Double.NaN;
        int bars = 0;
        TreeSet<String> methods = new TreeSet<>();
        for (int pi = 0; pi < policies.size(); pi++) {
            String policy = policies.get(pi);
            YIntervalSeries s = new YIntervalSeries(policy);
            // Policies side by side around each block size, so their bars do not hide each other.
            double shift = (pi - (policies.size() - 1) / 2.0) * 0.08;
            for (int i = 0; i < sizeList.size(); i++) {
                int size = sizeList.get(i);
                MatrixCase c = MatrixCase.of(pattern, size, jobs);
                CaseResult r = rows.stream().filter(x -> x.matrixCase().sameParameters(c) && x.policy().equals(policy))
                        .findFirst().orElse(null);
                if (r == null || Double.isNaN(r.mbPerS())) {
                    continue; // a missing case stays a gap, never a zero
                }
                BandwidthInterval iv = intervals.stream().filter(x -> x.matrixCase().sameParameters(c) && x.policy().equals(policy))
                        .findFirst().orElse(null);
                double lo = iv == null ? r.mbPerS() : iv.low();
                double hi = iv == null ? r.mbPerS() : iv.high();
                if (iv != null) {
                    bars++;
                    methods.add(iv.method());
                    barMin = Double.isNaN(barMin) ? lo : Math.min(barMin, lo);
                }
                s.add(i + shift, r.mbPerS(), lo, hi);
            }
            ds.addSeries(s);
        }
        SymbolAxis x = new SymbolAxis("block size (KiB: 4K = 4096 B)",
                sizeList.stream().map(Units::blockSizeLabel).toArray(String[]::new));
        x.setGridBandsVisible(false);
        x.setAutoRangeIncludesZero(false);
        x.setRange(-0.5, Math.max(0.5, sizeList.size() - 0.5));
        NumberAxis y = new NumberAxis("bandwidth, MB/s (10^6 B/s)");
        y.setRangeType(RangeType.POSITIVE);
        y.setAutoRangeIncludesZero(true);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setCapLength(6);
        for (int i = 0; i < policies.size(); i++) {
            r.setSeriesPaint(i, Style.color(i));
            r.setSeriesStroke(i, Style.LINE);
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            r.setSeriesShapesVisible(i, true);
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        String title = pattern.label() + ", " + jobs + (jobs == 1 ? " job" : " jobs");
        JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
        // The chart itself says what its bars are: an image copied off the page keeps the meaning.
        TextTitle what = new TextTitle(bars == 0 ? "no interval bars (no intervals for these cases)"
                : "bars: " + String.join("; ", methods), Style.TICK);
        chart.addSubtitle(what);
        Style.apply(chart);
        ChartImage img = ChartImage.render(chart, width, height,
                "bandwidth in MB/s against block size for " + title + ", one line per policy: " + String.join(", ", policies));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("chart", "bandwidth");
        data.put("y-min", String.format(Locale.ROOT, "%.3f", y.getLowerBound()));
        data.put("y-max", String.format(Locale.ROOT, "%.3f", y.getUpperBound()));
        data.put("bars", Integer.toString(bars));
        data.put("bar-min", Double.isNaN(barMin) ? "none" : String.format(Locale.ROOT, "%.3f", barMin));
        return img.withData(data);
    }
}
