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
 * Opens two reports in headless Chromium: the synthetic fixture run (every chart kind, every section) and the page
 * of a REAL {@code ./run-matrix.sh --profile smoke} run, made in set-up (about 3 minutes on 2 cores). On both every
 * chart image must decode and the console must stay clean; the real run's page must have no "no data" section, no
 * broken input and no bandwidth chart whose axis or bars go below zero. Screenshots: target/report-screenshot.png
 * (fixtures, whole page) and target/report-smoke-first-screen.png (the real run's first screen). Debian's chromium
 * is installed when missing ({@link Prerequisites}); when that cannot be done the test is skipped with the reason,
 * or fails with {@code CI=true}. {@code -Dvdobench.report.smokeRun=DIR} reuses a smoke run directory made before.
 */
class ReportBrowserTest {
    static final Path WORK = Path.of("target", "report-browser");
    static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
    static final Path SMOKE_SCREENSHOT = Path.of("target", "report-smoke-first-screen.png");
    static final long SMOKE_TIMEOUT_MIN = 15;
    static String browser;
    static Path page;
    static Path smokePage;

    @BeforeAll
    static void setUp() throws Exception {
        browser = Prerequisites.debianTool("chromium", "chromium", "chromium-browser", "google-chrome",
                "google-chrome-stable").toString();
        Path run = Fixtures.syntheticRun(WORK.resolve("synthetic-run"));
        Files.deleteIfExists(run.resolve("fragments.csv")); // measured afresh, below
        int code = new CommandLine(new ReportCommand()).execute("--sample-fragments", "1024", run.toString());
        assertEquals(0, code, "vdobench report failed");
        page = run.resolve("index.html").toAbsolutePath();
        smokePage = smokeRun().resolve("index.html").toAbsolutePath();
        assertTrue(Files.isRegularFile(smokePage), "the smoke run wrote no index.html");
    }

    /** A real smoke run of the matrix with every section, made here unless -Dvdobench.report.smokeRun names one. */
    static Path smokeRun() throws IOException, InterruptedException {
        String given = System.getProperty("vdobench.report.smokeRun", "");
        if (!given.isBlank()) {
            return Path.of(given);
        }
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path out = WORK.resolve("smoke-run").toAbsolutePath();
        if (Files.exists(out)) {
            deleteTree(out);
        }
        Path log = WORK.resolve("smoke-run.log").toAbsolutePath();
        Files.createDirectories(WORK);
        Process p = new ProcessBuilder(root.resolve("run-matrix.sh").toString(), "--profile", "smoke", "--out",
                out.toString()).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(SMOKE_TIMEOUT_MIN, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("run-matrix.sh --profile smoke did not finish within " + SMOKE_TIMEOUT_MIN + " min; see " + log);
        }
        assertEquals(0, p.exitValue(), "run-matrix.sh --profile smoke failed; see " + log);
        return out;
    }

    /** Runs chromium on the fixture page with a fresh profile; returns {stdout, stderr}. */
    static String[] chromium(String... extra) throws IOException, InterruptedException {
        return chromium(page, extra);
    }

    /** Runs chromium on {@code page} with a fresh profile; returns {stdout, stderr}. */
    static String[] chromium(Path page, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("report-chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile.toAbsolutePath()));
        if (java.util.Arrays.stream(extra).noneMatch(a -> a.startsWith("--window-size="))) {
            cmd.add("--window-size=1400,4000");
        }
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

    /** Every chart of the page decoded in the browser; returns the DOM. */
    static String assertChartsDecode(String[] r, int atLeast) {
        String dom = r[0];
        assertTrue(dom.contains("</html>"), "no DOM dumped; chromium said: " + r[1]);
        Matcher expected = Pattern.compile("data-charts-expected=\"(\\d+)\"").matcher(dom);
        Matcher decoded = Pattern.compile("data-charts-decoded=\"(\\d+)\"").matcher(dom);
        assertTrue(expected.find(), "page lacks data-charts-expected");
        assertTrue(decoded.find(), "the page's image check did not run (script error?): " + r[1]);
        int n = Integer.parseInt(expected.group(1));
        assertTrue(n >= atLeast, "expected at least " + atLeast + " charts, page declares " + n);
        assertEquals(n, Integer.parseInt(decoded.group(1)), "charts that decoded in the browser");
        Matcher imgs = Pattern.compile("<img class=\"chart\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]{100,})\"").matcher(dom);
        int found = 0;
        while (imgs.find()) {
            found++;
        }
        assertEquals(n, found, "chart <img> elements with non-empty PNG data");
        assertConsoleClean(r[1]);
        return dom;
    }

    @Test
    void everyChartDecodesAndTheConsoleIsClean() throws Exception {
        // 12 bandwidth + 4 codec scatter + one fragment histogram per sampled codec (>= the 5 JVM codecs).
        assertChartsDecode(chromium("--virtual-time-budget=10000", "--dump-dom"), 21);
    }

    @Test
    void theRealSmokeRunFillsEverySectionWithNoNegativeAxis() throws Exception {
        // smoke: 4 bandwidth charts at least, the codec scatters and a histogram per sampled codec
        String dom = assertChartsDecode(chromium(smokePage, "--virtual-time-budget=10000", "--dump-dom"), 10);
        List<String> empty = new ArrayList<>();
        Matcher nodata = Pattern.compile("<p class=\"(nodata|error)\">(.*?)</p>").matcher(dom);
        while (nodata.find()) {
            empty.add(nodata.group(1) + ": " + nodata.group(2));
        }
        assertEquals(List.of(), empty, "sections of the real run's page that say 'no data' or show an error");
        Matcher img = Pattern.compile("<img class=\"chart\"[^>]*>").matcher(dom);
        int bandwidth = 0;
        int withBars = 0;
        while (img.find()) {
            String tag = img.group();
            if (!tag.contains("data-chart=\"bandwidth\"")) {
                continue;
            }
            bandwidth++;
            String alt = attr(tag, "alt");
            double yMin = Double.parseDouble(attr(tag, "data-y-min"));
            assertTrue(yMin >= 0, "bandwidth axis below zero (" + yMin + ") in " + alt);
            String barMin = attr(tag, "data-bar-min");
            if (!barMin.equals("none")) {
                withBars++;
                assertTrue(Double.parseDouble(barMin) >= 0, "a bar below zero (" + barMin + ") in " + alt);
            }
        }
        assertTrue(bandwidth >= 4, "bandwidth charts on the page: " + bandwidth);
        assertEquals(bandwidth, withBars, "bandwidth charts with interval bars (JMH ran 3 iterations per case)");
        assertTrue(dom.contains("Verdict per I/O type") && dom.contains("Execution path."), "first screen incomplete");
    }

    @Test
    void screenshotOfTheRealRunsFirstScreen() throws Exception {
        Path shot = WORK.resolve("smoke-first-screen.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        String[] r = chromium(smokePage, "--virtual-time-budget=10000", "--window-size=1400,1000", "--screenshot=" + shot);
        assertTrue(Files.isRegularFile(shot), "no screenshot; chromium said: " + r[1]);
        Files.copy(shot, SMOKE_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertConsoleClean(r[1]);
    }

    private static String attr(String tag, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(tag);
        assertTrue(m.find(), "no " + name + " on " + tag.substring(0, Math.min(200, tag.length())));
        return m.group(1);
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
