package io.vdobench.report.charts;

import io.vdobench.report.csv.Units;
import io.vdobench.report.model.CodecBenchRow;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Compression ratio against speed, one point per codec id (so each level is its own point), one
 * colour per codec family, for one block size and data kind. Speed on a log axis: codecs differ
 * by orders of magnitude.
 */
public final class CodecScatterChart {
    private CodecScatterChart() {
    }

    /** @param decompress plot decompress speed instead of compress speed */
    public static ChartImage render(List<CodecBenchRow> rows, int blockSize, String data, boolean decompress,
                                    int width, int height) {
        Map<String, XYSeries> families = new LinkedHashMap<>();
        List<String[]> labels = new ArrayList<>();
        for (CodecBenchRow r : rows) {
            double speed = decompress ? r.decompressMbS() : r.compressMbS();
            if (r.blockSize() != blockSize || !r.data().equals(data) || !(speed > 0) || Double.isNaN(r.ratio())) {
                continue;
            }
            String family = r.codec().contains(":") ? r.codec().substring(0, r.codec().indexOf(':')) : r.codec();
            XYSeries s = families.computeIfAbsent(family, f -> new XYSeries(f, false, true));
            s.add(speed, r.ratio());
            labels.add(new String[] {family, shortVariant(r.codec())});
        }
        XYSeriesCollection ds = new XYSeriesCollection();
        families.values().forEach(ds::addSeries);
        LogAxis x = new LogAxis((decompress ? "decompress" : "compress") + " speed, MB/s (10^6 B/s, log scale)");
        x.setSmallestValue(1);
        // Ticks at powers of two (16, 32, 64 ...): round numbers a reader can interpolate between.
        x.setBase(2);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        NumberAxis y = new NumberAxis("compression ratio (uncompressed / compressed)");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        int i = 0;
        for (String f : families.keySet()) {
            r.setSeriesPaint(i, Style.color(i));
            r.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
            i++;
        }
        r.setDefaultItemLabelGenerator((dataset, series, item) -> {
            String fam = (String) dataset.getSeriesKey(series);
            int n = 0;
            for (String[] l : labels) {
                if (l[0].equals(fam) && n++ == item) {
                    return l[1];
                }
            }
            return "";
        });
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(Style.TICK);
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        XYPlot plot = new XYPlot(ds, x, y, r);
        String title = "ratio vs " + (decompress ? "decompress" : "compress") + " speed, "
                + Units.blockSizeLabel(blockSize) + " blocks of " + data;
        JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
        Style.apply(chart);
        return ChartImage.render(chart, width, height, title + ": one point per codec and level");
    }

    /** {@code zlib:impl=jdk,level=6} → {@code jdk L6}; {@code lz4:impl=jni} → {@code jni}. */
    static String shortVariant(String id) {
        int c = id.indexOf(':');
        if (c < 0) {
            return id;
        }
        List<String> parts = new ArrayList<>();
        for (String kv : id.substring(c + 1).split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length == 2 && p[0].equals("level")) {
                parts.add("L" + p[1]);
            } else if (p.length == 2 && (p[0].equals("impl") || p[0].equals("path") || p[0].equals("huffman"))) {
                parts.add(p[1]);
            } else {
                parts.add(kv);
            }
        }
        return String.join(" ", parts);
    }
}
