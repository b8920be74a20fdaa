package dev.vigil.worker.report;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTML report of the bundled demo clip, rendered by headless Chromium as people will see it: the laid-out DOM
 * has a band per defect where the defect is on the time axis, the inline thumbnails decode to pictures, the curves
 * are drawn, nothing overflows the page; and a screenshot (kept in target/html-report/ as test output) shows the
 * bands in their severity colour. A probe script is added to a copy of the page to read the layout; the page
 * itself has no scripts.
 */
@Timeout(240)
class HtmlReportInChromiumTest {

    static final Path OUT = Path.of("target", "html-report");
    static final Path DEMO = Path.of("..", "examples", "media", "demo-defects.ts");
    static final ObjectMapper JSON = new ObjectMapper();

    static HeadlessChromium chromium;
    static Path page;
    static String html;

    @BeforeAll
    static void render() throws Exception {
        chromium = HeadlessChromium.require();
        Files.createDirectories(OUT);
        CliRun run = vigil(
                "analyze",
                "--format",
                "html",
                "--evidence",
                OUT.resolve("evidence").toString(),
                DEMO.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        html = run.out();
        page = OUT.resolve("demo-report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
    }

    @Test
    void thePageIsSelfContained() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).doesNotContain("<script", "http://", "https://", "<link ");
        assertThat(count(html, "src=\"data:image/jpeg;base64,")).isEqualTo(3);
    }

    @Test
    void theLaidOutPageShowsEachDefectWhereItIs() throws Exception {
        Path probe = OUT.resolve("demo-report-probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        String dom = chromium.dumpDom(probe, 1280, 2400);
        Matcher m = Pattern.compile("<pre id=\"vigil-probe\">(.*?)</pre>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(m.find())
                .as("the probe ran:\n" + dom.substring(0, Math.min(2000, dom.length())))
                .isTrue();
        JsonNode layout = JSON.readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));

        JsonNode bands = layout.get("bands");
        assertThat(bands).hasSize(3);
        List<String> types = new ArrayList<>();
        bands.forEach(b -> types.add(b.get("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("freeze", "black", "silence");
        double axisLeft = layout.get("axis").get("left").asDouble();
        double axisWidth = layout.get("axis").get("width").asDouble();
        double mediaSec = layout.get("axis").get("seconds").asDouble();
        for (JsonNode b : bands) {
            double start = b.get("start").asDouble();
            double end = b.get("end").asDouble();
            assertThat(b.get("width").asDouble()).as("a visible band").isGreaterThan(20);
            assertThat(b.get("left").asDouble())
                    .as("%s starts where its time is", b.get("type"))
                    .isCloseTo(axisLeft + axisWidth * start / mediaSec, within(3.0));
            assertThat(b.get("width").asDouble()).isCloseTo(axisWidth * (end - start) / mediaSec, within(3.0));
            assertThat(b.get("lane").asText()).isEqualTo(b.get("type").asText());
        }
        assertThat(layout.get("thumbs")).hasSize(3).allSatisfy(t -> {
            assertThat(t.get("complete").asBoolean()).isTrue();
            assertThat(t.get("naturalWidth").asInt()).as("a decoded picture").isEqualTo(640);
            assertThat(t.get("naturalHeight").asInt()).isEqualTo(360);
            assertThat(t.get("shownWidth").asDouble()).isGreaterThan(250);
        });
        assertThat(layout.get("curves").get("loudness").asDouble())
                .as("loudness curve drawn (path length)")
                .isGreaterThan(500);
        assertThat(layout.get("curves").get("blockiness").asDouble()).isGreaterThan(500);
        assertThat(layout.get("shades").asInt())
                .as("the silence shaded behind the loudness curve")
                .isEqualTo(1);
        // a lane and a summary row per detector run (the defaults; more when models are registered in this JVM)
        assertThat(layout.get("lanes").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(layout.get("summaryRows").asInt())
                .isEqualTo(layout.get("lanes").asInt());
        assertThat(layout.get("verdict").asText()).isEqualTo("3 defects");
        assertThat(layout.get("overflow").asDouble())
                .as("nothing wider than the window")
                .isLessThanOrEqualTo(0);
        assertThat(layout.get("clips"))
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.asText()).endsWith(".ts"));
        for (JsonNode c : layout.get("clips")) {
            assertThat(Path.of(c.asText())).as("the clip a card links to").isRegularFile();
        }
    }

    @Test
    void theScreenshotShowsTheBandsInTheirColour() throws Exception {
        Path png = OUT.resolve("demo-report.png");
        chromium.screenshot(page, png, 1280, 2400);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(1280);
        int major = 0;
        int black = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y) & 0xffffff;
                if (close(rgb, 0xe8590c)) {
                    major++;
                }
                if (rgb == 0) {
                    black++;
                }
            }
        }
        assertThat(major)
                .as("pixels of the major-severity colour (bands, chips)")
                .isGreaterThan(3 * 2000);
        assertThat(black).as("the black defect's thumbnail").isGreaterThan(20_000);
    }

    private static boolean close(int rgb, int want) {
        return Math.abs((rgb >> 16 & 0xff) - (want >> 16 & 0xff)) < 12
                && Math.abs((rgb >> 8 & 0xff) - (want >> 8 & 0xff)) < 12
                && Math.abs((rgb & 0xff) - (want & 0xff)) < 12;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Reads the layout the browser made and writes it into the page as JSON, for --dump-dom to carry out. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', () => {
              const r = e => e.getBoundingClientRect();
              const lanes = [...document.querySelectorAll('#timeline-chart .lane-bg')];
              const axis = r(lanes[0]);
              const ticks = [...document.querySelectorAll('#timeline-chart .tick')].map(t => t.textContent);
              const bands = [...document.querySelectorAll('#timeline-chart rect.band')].map(b => ({
                type: b.dataset.type, start: +b.dataset.start, end: +b.dataset.end,
                left: r(b).left, width: r(b).width, lane: b.closest('.lane').dataset.detector}));
              const thumbs = [...document.querySelectorAll('img.thumb')].map(i => ({
                complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight, shownWidth: r(i).width}));
              const len = id => [...document.querySelectorAll('#' + id + ' path.curve')]
                .reduce((s, p) => s + p.getTotalLength(), 0);
              const out = {
                axis: {left: axis.left, width: axis.width, seconds: +document.querySelector('#timeline-chart')
                  .dataset.seconds},
                ticks, bands, thumbs,
                curves: {loudness: len('loudness-curve'), blockiness: len('blockiness-curve')},
                shades: document.querySelectorAll('#loudness-curve rect.shade').length,
                summaryRows: document.querySelectorAll('#summary tbody tr').length,
                lanes: document.querySelectorAll('#timeline-chart g.lane').length,
                verdict: document.querySelector('#verdict').textContent,
                clips: [...document.querySelectorAll('a.clip')].map(a => decodeURI(a.getAttribute('href'))),
                overflow: document.documentElement.scrollWidth - window.innerWidth
              };
              const pre = document.createElement('pre');
              pre.id = 'vigil-probe';
              pre.textContent = JSON.stringify(out);
              document.body.appendChild(pre);
            });
            </script>
            """;
}
