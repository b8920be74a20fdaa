package dev.vigil.worker.detect.video;

import static dev.vigil.worker.detect.video.VideoFeed.FRAME;
import static dev.vigil.worker.detect.video.VideoFeed.pts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.media.TestFrames;
import dev.vigil.worker.media.TestFrames.Picture;
import dev.vigil.worker.media.TestFrames.Plane;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class BlackDetectorTest {

    private static final int W = 322;
    private static final int H = 182;

    private static final Picture CONTENT = TestFrames.withTexture(TestFrames.smooth(W, H), 10, 5);

    private static Plane plane(Picture p) {
        return TestFrames.plane(W, H, true, p);
    }

    private static RecordingSink run(int frames, IntFunction<Plane> frameAt) {
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(new BlackDetector(BlackDetector.DEFAULTS, sink), frames, frameAt);
        return sink;
    }

    /** Broadcast black: level 16 with a little noise. */
    private static Picture black(Random random) {
        return (x, y) -> 16 + 2 * random.nextGaussian();
    }

    @Test
    void threeSecondBlackSegmentIsOneDefect() {
        Random random = new Random(3);
        Plane content = plane(CONTENT);
        // 1 s content, 3 s black (frames 25..99), 1 s content
        RecordingSink sink = run(125, i -> i >= 25 && i < 100 ? plane(black(random)) : content);

        assertThat(sink.opened).hasSize(1);
        assertThat(sink.closed).hasSize(1);
        Defect d = sink.closed.get(0);
        assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.BLACK));
        assertThat(d.severity()).isEqualTo(Severity.MAJOR);
        assertThat(d.startSec()).isCloseTo(1.0, within(FRAME + 1e-9));
        assertThat(d.endSec()).isCloseTo(4.0, within(FRAME + 1e-9));
        assertThat(d.openAtEnd()).isFalse();
        assertThat((Double) d.detail().get("blackRatio")).isGreaterThanOrEqualTo(0.98);
        assertThat((Double) d.detail().get("meanLuma")).isCloseTo(16.0, within(1.0));
        // opened as minor 1 s into the black, escalated at 2 s
        assertThat(sink.opened.get(0).startSec()).isEqualTo(d.startSec());
        assertThat(sink.opened.get(0).severity()).isEqualTo(Severity.MINOR);
        assertThat(sink.escalated)
                .singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo(Severity.MAJOR));
    }

    @Test
    void fadeThroughBlackIsNotBlack() {
        // 0.4 s (10 frames) fade out and in, fully black for 2 of them
        Plane content = plane(CONTENT);
        RecordingSink sink = run(100, i -> {
            if (i < 40 || i >= 50) {
                return content;
            }
            double gain = Math.abs(i - 44.5) / 5.0;
            return plane((x, y) -> 16 + (CONTENT.at(x, y) - 16) * gain);
        });
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void darkNightSceneIsNotBlack() {
        // luma 30..45 with detail, for 5 s
        Picture night = TestFrames.withTexture((x, y) -> 37.5 + 6 * Math.sin(x / 23.0) * Math.cos(y / 17.0), 4, 9);
        Plane p = plane(night);
        RecordingSink sink = run(125, i -> p);
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void blackUntilTheEndIsReportedOpenAtEnd() {
        Random random = new Random(4);
        Plane content = plane(CONTENT);
        RecordingSink sink = run(150, i -> i >= 50 ? plane(black(random)) : content);

        assertThat(sink.closed).hasSize(1);
        Defect d = sink.closed.get(0);
        assertThat(d.startSec()).isCloseTo(pts(50), within(1e-9));
        assertThat(d.endSec()).isEqualTo(pts(150));
        assertThat(d.openAtEnd()).isTrue();
    }

    @Test
    void pixelThresholdDecidesWhatIsBlack() {
        Plane dim = plane((x, y) -> 40);
        // 40 is above 16 + 0.10 * 219 = 37.9 ...
        assertThat(run(100, i -> dim).opened).isEmpty();
        // ... and below 16 + 0.12 * 219 = 42.3
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(
                new BlackDetector(BlackDetector.DEFAULTS.withThreshold("pixelThreshold", 0.12), sink), 100, i -> dim);
        assertThat(sink.opened).hasSize(1);
    }

    @Test
    void blackUnderAChannelLogoIsBlackAndSaysSo() {
        Random random = new Random(5);
        // black with a bright logo over ~4% of the picture, in the top right corner
        Picture withLogo = (x, y) -> x > 280 && y < 30 ? 200 : 16 + random.nextGaussian();
        Plane p = plane(withLogo);
        RecordingSink sink = run(100, i -> p);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.detail()).containsEntry("overlay", true);
            assertThat((Double) d.detail().get("overlayArea")).isBetween(0.02, 0.05);
            assertThat((Double) d.detail().get("blackRatio")).isEqualTo(1.0);
        });
    }

    @Test
    void blackUnderLiveGraphicsIsBlack() {
        Random random = new Random(6);
        // a ticker along the bottom and a clock in the corner go on over a black programme
        RecordingSink sink = run(
                100,
                i -> plane((x, y) -> {
                    if (y >= 0.89 * H && y < 0.97 * H) {
                        return 100 + 80 * Math.sin((x + 4 * i) / 7.0);
                    }
                    if (x >= 0.86 * W && x < 0.95 * W && y >= 0.04 * H && y < 0.11 * H) {
                        return 60 + 150 * ((x / 9 + i / 25) % 2);
                    }
                    return 16 + random.nextGaussian();
                }));
        assertThat(sink.closed)
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).containsEntry("overlay", true));
    }

    @Test
    void plainBlackHasNoOverlay() {
        Random random = new Random(7);
        RecordingSink sink = run(100, i -> plane(black(random)));
        assertThat(sink.closed)
                .singleElement()
                .satisfies(d ->
                        assertThat(d.detail()).containsEntry("overlay", false).containsEntry("overlayArea", 0.0));
    }

    @Test
    void brightSubjectInTheMiddleOfADarkPictureIsNotBlack() {
        Random random = new Random(8);
        // a lit subject over 4% of the picture, in the middle: the programme, not an overlay
        Picture subject = (x, y) -> x > 140 && x < 190 && y > 70 && y < 120 ? 180 : 16 + random.nextGaussian();
        Plane p = plane(subject);
        assertThat(run(100, i -> p).opened).isEmpty();
    }

    @Test
    void aPictureOnlyBlackInTheMiddleIsNotBlack() {
        // a dark middle inside a bright frame: more than an overlay's share of the picture is not black
        Picture framed = (x, y) -> x > 40 && x < 282 && y > 30 && y < 152 ? 16 : 150;
        Plane p = plane(framed);
        assertThat(run(100, i -> p).opened).isEmpty();
    }

    @Test
    void shortCutToBlackIsMinor() {
        Random random = new Random(9);
        Plane content = plane(CONTENT);
        // 1.2 s of black between two scenes
        RecordingSink sink = run(125, i -> i >= 25 && i < 55 ? plane(black(random)) : content);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.MINOR);
            assertThat(d.startSec()).isCloseTo(1.0, within(1e-9));
            assertThat(d.endSec()).isCloseTo(2.2, within(1e-9));
        });
    }

    @Test
    void blackOfExactlyTheRaiseTimeIsMajor() {
        Random random = new Random(10);
        Plane content = plane(CONTENT);
        // 50 frames: 2.00 s including the last black frame's duration
        RecordingSink sink = run(125, i -> i >= 25 && i < 75 ? plane(black(random)) : content);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.MAJOR);
            assertThat(d.durationSec()).isCloseTo(2.0, within(1e-9));
        });
        assertThat(sink.escalated).hasSize(1);
    }
}
