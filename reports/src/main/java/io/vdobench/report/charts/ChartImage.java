package io.vdobench.report.charts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;

/**
 * A chart rendered to PNG and carried as a {@code data:} URI, so the HTML page needs no other file
 * and no network. Rendered at twice the display size, so it stays sharp on high-density screens.
 *
 * @param dataUri {@code data:image/png;base64,...}
 * @param width   display width, CSS pixels
 * @param height  display height, CSS pixels
 * @param alt     text alternative: what the chart shows
 * @param data    facts about the drawn chart for machines (the page writes them as {@code data-} attributes)
 */
public record ChartImage(String dataUri, int width, int height, String alt, Map<String, String> data) {
    public ChartImage {
        data = Map.copyOf(data);
    }

    public ChartImage withData(Map<String, String> facts) {
        Map<String, String> all = new java.util.TreeMap<>(data);
        all.putAll(facts);
        return new ChartImage(dataUri, width, height, alt, all);
    }

    static final int SCALE = 2;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static ChartImage render(JFreeChart chart, int width, int height, String alt) {
        BufferedImage img = chart.createBufferedImage(width * SCALE, height * SCALE, width, height, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChartImage("data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray()),
                width, height, alt, Map.of());
    }
}
