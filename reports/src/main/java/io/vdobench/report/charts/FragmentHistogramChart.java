package io.vdobench.report.charts;

import io.vdobench.report.packing.Packing;
import io.vdobench.report.packing.PackingEstimate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Fragment sizes of one codec over 4 KiB blocks, with dm-vdo's packing thresholds floor(4060/k)
 * marked and the no-saving zone (above 2030 B: one fragment per block, stored uncompressed) shaded.
 */
public final class FragmentHistogramChart {
    public static final int BIN_BYTES = 32;

    private FragmentHistogramChart() {
    }

    public static ChartImage render(String codec, int[] sizes, int width, int height) {
        int bins = Packing.BLOCK_SIZE / BIN_BYTES;
        int[] counts = new int[bins + 1];
        int doesNotFit = 0;
        for (int s : sizes) {
            if (s <= 0 || s > Packing.MAX_FRAGMENT) {
                doesNotFit++;
            } else {
                counts[Math.min(bins - 1, s / BIN_BYTES)]++;
            }
        }
        XYSeries fit = new XYSeries("fragments that fit in 4059 B", false, true);
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                fit.add(b * BIN_BYTES + BIN_BYTES / 2.0, counts[b]);
            }
        }
        XYSeriesCollection ds = new XYSeriesCollection(fit);
        if (doesNotFit > 0) {
            // Drawn as one bar just right of 4096 so a codec that expands the data is visible, not hidden.
            XYSeries dnf = new XYSeries("did not fit: stored uncompressed", false, true);
            dnf.add(Packing.BLOCK_SIZE + 3 * BIN_BYTES, doesNotFit);
            ds.addSeries(dnf);
        }
        ds.setIntervalWidth(BIN_BYTES);
        NumberAxis x = new NumberAxis("fragment size, bytes; k = fragments per packed block");
        x.setRange(0, Packing.BLOCK_SIZE + 6 * BIN_BYTES);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(512));
        NumberAxis y = new NumberAxis("blocks");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYBarRenderer r = new XYBarRenderer(0.0);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x0072B2));
        r.setSeriesPaint(1, new Color(0xD55E00));
        XYPlot plot = new XYPlot(ds, x, y, r);

        IntervalMarker noSaving = new IntervalMarker(Packing.threshold(2) + 0.5, Packing.BLOCK_SIZE,
                new Color(0xFBEADC), new BasicStroke(0f), null, null, 1.0f);
        noSaving.setLabel("> 2030 B: alone, stored raw");
        noSaving.setLabelFont(Style.TICK);
        noSaving.setLabelPaint(new Color(0x8a3b00));
        noSaving.setLabelAnchor(RectangleAnchor.TOP);
        noSaving.setLabelTextAnchor(TextAnchor.TOP_CENTER);
        plot.addDomainMarker(noSaving, Layer.BACKGROUND);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
        for (int k = 2; k <= Packing.MAX_SLOTS; k++) {
            ValueMarker m = new ValueMarker(Packing.threshold(k) + 0.5, new Color(0x555555),
                    new BasicStroke(k == 2 ? 1.6f : 0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                            k == 2 ? null : new float[] {3f, 3f}, 0f));
            if (k <= 5) {
                // Only the first few are far enough apart to label; the rest are the dashed lines to the left.
                m.setLabel("k=" + k);
                m.setLabelFont(small);
                m.setLabelPaint(new Color(0x333333));
                m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(16 + 12 * (k - 2), 1, 2, 2));
            }
            plot.addDomainMarker(m, Layer.FOREGROUND);
        }
        PackingEstimate e = PackingEstimate.of(sizes);
        String sub = String.format(java.util.Locale.ROOT, "median %s B → %s per packed block → space saving %.1f %%",
                Double.isNaN(e.medianBytes()) ? "–" : Long.toString(Math.round(e.medianBytes())),
                Double.isNaN(e.fragmentsPerPackedBlock()) ? "none packed" : String.format(java.util.Locale.ROOT, "%.2f", e.fragmentsPerPackedBlock()),
                e.spaceSavingPct());
        String title = codec + ": " + sub;
        JFreeChart chart = new JFreeChart(codec, Style.TITLE, plot, doesNotFit > 0);
        org.jfree.chart.title.TextTitle st = new org.jfree.chart.title.TextTitle(sub, Style.LABEL);
        st.setPaint(e.spaceSavingPct() > 0 ? new Color(0x2166ac) : new Color(0xb2182b));
        chart.addSubtitle(st);
        Style.apply(chart);
        return ChartImage.render(chart, width, height, "histogram of fragment sizes for " + codec
                + " with the packing thresholds 4060/k marked; " + title);
    }
}
