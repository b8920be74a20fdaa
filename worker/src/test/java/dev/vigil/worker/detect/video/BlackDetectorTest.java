package dev.vigil.worker.detect.video;

import static dev.vigil.worker.detect.video.VideoFeed.FRAME;
import static dev.vigil.worker.detect.video.VideoFeed.pts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
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
        // raised 2 s into the black
        assertThat(sink.opened.get(0).startSec()).isEqualTo(d.startSec());
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
        VideoFeed.run(new BlackDetector(BlackDetector.DEFAULTS.withThreshold("pixelThreshold", 0.12), sink), 100, i -> dim);
        assertThat(sink.opened).hasSize(1);
    }

    @Test
    void smallBrightAreaAboveThePictureRatioIsNotBlack() {
        Random random = new Random(5);
        // black with a bright logo over ~4% of the picture
        Picture withLogo = (x, y) -> x > 250 && y < 30 ? 200 : 16 + random.nextGaussian();
        Plane p = plane(withLogo);
        assertThat(run(100, i -> p).opened).isEmpty();
    }
}
