package io.vdobench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vdobench.cli.ReportCommand;
import io.vdobench.report.html.Fixtures;
import io.vdobench.testing.Prerequisites;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Opens the report of the synthetic fixture run in headless Chromium: every chart image must
 * decode, the console must stay clean, and a screenshot is kept at target/report-screenshot.png.
 * Debian's chromium is installed when missing ({@link Prerequisites}); when that cannot be done
 * the test is skipped with the reason, or fails with {@code CI=true}.
 */
class ReportBrowserTest {
    static final Path WORK = Path.of("target", "report-browser");
    static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
    static String browser;
    static Path page;

    @BeforeAll
    static void setUp() throws Exception {
        browser = Prerequisites.debianTool("chromium", "chromium", "chromium-browser", "google-chrome",
                "google-chrome-stable").toString();
        Path run = Fixtures.syntheticRun(WORK.resolve("synthetic-run"));
        Files.deleteIfExists(run.resolve("fragments.csv")); // measured afresh, below
        int code = new CommandLine(new ReportCommand()).execute("--sample-fragments", "1024", run.toString());
        assertEquals(0, code, "vdobench report failed");
        page = run.resolve("index.html").toAbsolutePath();
    }

    /** Runs chromium with a fresh profile; returns {stdout, stderr}. */
    static String[] chromium(String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("report-chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,4000"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path outFile = Files.createTempFile("chromium", ".out");
        Path errFile = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 120 s");
        }
        String[] res = {Files.readString(outFile), Files.readString(errFile)};
        Files.deleteIfExists(outFile);
        Files.deleteIfExists(errFile);
        deleteTree(profile);
        return res;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static void assertConsoleClean(String stderr) {
        for (String line : stderr.split("\n")) {
            boolean console = line.contains("CONSOLE") || line.contains("Uncaught");
            if (console && (line.contains("Uncaught") || line.contains("did not decode") || line.contains(":ERROR:CONSOLE")
                    || line.toLowerCase(java.util.Locale.ROOT).contains("error"))) {
                fail("console error in the report: " + line);
            }
        }
    }

    @Test
    void everyChartDecodesAndTheConsoleIsClean() throws Exception {
        String[] r = chromium("--virtual-time-budget=10000", "--dump-dom");
        String dom = r[0];
        assertTrue(dom.contains("</html>"), "no DOM dumped; chromium said: " + r[1]);
        Matcher expected = Pattern.compile("data-charts-expected=\"(\\d+)\"").matcher(dom);
        Matcher decoded = Pattern.compile("data-charts-decoded=\"(\\d+)\"").matcher(dom);
        assertTrue(expected.find(), "page lacks data-charts-expected");
        assertTrue(decoded.find(), "the page's image check did not run (script error?): " + r[1]);
        int n = Integer.parseInt(expected.group(1));
        // 12 bandwidth + 4 codec scatter + one fragment histogram per sampled codec (>= the 5 JVM codecs).
        assertTrue(n >= 21, "expected at least 21 charts, page declares " + n);
        assertEquals(n, Integer.parseInt(decoded.group(1)), "charts that decoded in the browser");
        Matcher imgs = Pattern.compile("<img class=\"chart\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]{100,})\"").matcher(dom);
        int found = 0;
        while (imgs.find()) {
            found++;
        }
        assertEquals(n, found, "chart <img> elements with non-empty PNG data");
        assertConsoleClean(r[1]);
    }

    @Test
    void screenshotShowsThePage() throws Exception {
        Path shot = WORK.resolve("screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        String[] r = chromium("--virtual-time-budget=10000", "--screenshot=" + shot);
        assertTrue(Files.isRegularFile(shot), "no screenshot; chromium said: " + r[1]);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img != null && img.getWidth() == 1400 && img.getHeight() > 0, "screenshot size");
        // Not a blank page: count distinct colours on a sample grid.
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 37) {
            for (int x = 0; x < img.getWidth(); x += 29) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "screenshot looks blank: " + colours.size() + " colours");
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertConsoleClean(r[1]);
    }
}
