package io.vdobench.report.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.TextTitle;

/** One look for every chart: white background, light grid, a colour-blind-safe palette. */
final class Style {
    /** Okabe–Ito palette: distinguishable with the common forms of colour blindness. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    static final Color GRID = new Color(0xDDDDDD);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final BasicStroke LINE = new BasicStroke(2.0f);

    private Style() {
    }

    static Paint color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        TextTitle t = chart.getTitle();
        if (t != null) {
            t.setFont(TITLE);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        Plot p = chart.getPlot();
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlinePaint(GRID);
        if (p instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            axes(xy.getDomainAxis(), xy.getRangeAxis());
        } else if (p instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(GRID);
            axes(cp.getDomainAxis(), cp.getRangeAxis());
        }
    }

    private static void axes(org.jfree.chart.axis.Axis... axes) {
        for (var a : axes) {
            if (a != null) {
                a.setLabelFont(LABEL);
                a.setTickLabelFont(TICK);
            }
        }
    }
}
