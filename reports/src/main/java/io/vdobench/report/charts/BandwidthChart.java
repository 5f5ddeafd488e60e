package io.vdobench.report.charts;

import io.vdobench.report.csv.Units;
import io.vdobench.report.model.CaseResult;
import io.vdobench.report.model.MatrixCase;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Bandwidth against block size for one I/O pattern and job count, one line per policy, with the
 * result's error (JMH's 99.9 % half-width) as error bars where the producer gave one.
 */
public final class BandwidthChart {
    private BandwidthChart() {
    }

    public static ChartImage render(List<CaseResult> rows, String pattern, int jobs, List<String> policies,
                                    int width, int height) {
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.stream().filter(r -> r.pattern().equals(pattern) && r.jobs() == jobs).forEach(r -> sizes.add(r.blockSize()));
        for (String policy : policies) {
            for (int size : sizes) {
                CaseResult r = rows.stream().filter(c -> c.pattern().equals(pattern) && c.jobs() == jobs
                        && c.blockSize() == size && c.policy().equals(policy)).findFirst().orElse(null);
                // Missing cases stay as gaps rather than zeros.
                ds.add(r == null ? null : r.mbPerS(), r == null || Double.isNaN(r.mbPerSError()) ? null : r.mbPerSError(),
                        policy, Units.blockSizeLabel(size));
            }
        }
        CategoryAxis x = new CategoryAxis("block size (KiB: 4K = 4096 B)");
        NumberAxis y = new NumberAxis("bandwidth, MB/s (10^6 B/s)");
        y.setAutoRangeIncludesZero(true);
        StatisticalLineAndShapeRenderer r = new StatisticalLineAndShapeRenderer(true, true);
        for (int i = 0; i < policies.size(); i++) {
            r.setSeriesPaint(i, Style.color(i));
            r.setSeriesStroke(i, Style.LINE);
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        r.setErrorIndicatorPaint(java.awt.Color.GRAY);
        CategoryPlot plot = new CategoryPlot(ds, x, y, r);
        String title = MatrixCase.describePattern(pattern) + ", " + jobs + (jobs == 1 ? " job" : " jobs");
        JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
        Style.apply(chart);
        return ChartImage.render(chart, width, height,
                "bandwidth in MB/s against block size for " + title + ", one line per policy: " + String.join(", ", policies));
    }
}
