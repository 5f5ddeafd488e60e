package io.vdobench.report.html;

import io.vdobench.report.charts.ChartImage;
import java.util.Locale;

/** A tiny HTML writer: escaping and the few elements the report uses. */
final class Html {
    private final StringBuilder sb = new StringBuilder(1 << 16);

    static String esc(String s) {
        StringBuilder o = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> o.append("&amp;");
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> o.append(c);
            }
        }
        return o.toString();
    }

    static String num(double d, int decimals) {
        if (Double.isNaN(d)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", d).replace(',', '\u202f');
    }

    static String pct(double d) {
        if (Double.isNaN(d)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%+.2f %%", d);
    }

    Html raw(String s) {
        sb.append(s);
        return this;
    }

    Html text(String s) {
        sb.append(esc(s));
        return this;
    }

    Html tag(String name, String text) {
        sb.append('<').append(name).append('>').append(esc(text)).append("</").append(name).append(">\n");
        return this;
    }

    Html p(String cls, String text) {
        sb.append("<p class=\"").append(cls).append("\">").append(esc(text)).append("</p>\n");
        return this;
    }

    Html noData(String why) {
        return p("nodata", why);
    }

    Html img(ChartImage c) {
        sb.append("<img class=\"chart\" width=\"").append(c.width()).append("\" height=\"").append(c.height())
                .append("\" alt=\"").append(esc(c.alt())).append('"');
        new java.util.TreeMap<>(c.data()).forEach((k, v) -> sb.append(" data-").append(k).append("=\"").append(esc(v)).append('"'));
        sb.append(" src=\"").append(c.dataUri()).append("\">\n");
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
