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
import org.junit.jupiter.api.Test;

class FreezeDetectorTest {

    private static final int W = 320;
    private static final int H = 180;

    /** Moving content: the smooth picture panning 3 px per frame. */
    private static Picture moving(int frame) {
        Picture base = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 11);
        return (x, y) -> base.at(x + 3 * frame, y);
    }

    private static Plane plane(Picture p, boolean direct) {
        return TestFrames.plane(W, H, direct, p);
    }

    private static RecordingSink run(int frames, java.util.function.IntFunction<Plane> frameAt) {
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(new FreezeDetector(FreezeDetector.DEFAULTS, sink), frames, frameAt);
        return sink;
    }

    @Test
    void repeatedPictureIsFrozenFromTheFirstRepeatedFrame() {
        // frames 0..49 move, 50 shows a picture repeated through 174, motion again from 175
        Plane still = plane(moving(50), true);
        RecordingSink sink = run(250, i -> i >= 50 && i < 175 ? still : plane(moving(i), i % 2 == 0));

        assertThat(sink.opened).hasSize(1);
        assertThat(sink.closed).hasSize(1);
        Defect d = sink.closed.get(0);
        assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.FREEZE));
        assertThat(d.severity()).isEqualTo(Severity.MAJOR);
        assertThat(d.startSec()).isCloseTo(pts(51), within(FRAME + 1e-9));
        assertThat(d.endSec()).isCloseTo(pts(175), within(FRAME + 1e-9));
        assertThat(d.openAtEnd()).isFalse();
        assertThat(d.detail()).containsEntry("maxDifference", 0.0);
        // opened once the picture had been still for 2 s
        assertThat(sink.opened.get(0).startSec()).isEqualTo(d.startSec());
    }

    @Test
    void freezeShorterThanTwoSecondsIsNotReported() {
        Plane still = plane(moving(50), true);
        RecordingSink sink = run(150, i -> i >= 50 && i < 95 ? still : plane(moving(i), true));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void stillSceneWithFreshGrainIsNotFrozen() {
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        for (double sigma : new double[] {2.0, 3.0}) {
            Random random = new Random(42);
            RecordingSink sink = run(150, i -> plane(TestFrames.withGaussian(scene, sigma, random), false));
            assertThat(sink.opened).as("sigma %s", sigma).isEmpty();
        }
    }

    /**
     * A still picture as a codec delivers it: an H.264 encoder repeats a still picture exactly (skipped blocks)
     * except where it is still refining, modelled as ±1 on ~3% of the pixels of one region (the top-left
     * sixteenth of the picture) every frame; frames 40 (1.6 s, before the
     * raise time) and 90 are keyframes re-encoding it, ±2 on 40% of the pixels (above the {@code noise}
     * threshold, below {@code keyframeNoise}).
     */
    private static java.util.function.IntFunction<Plane> codecStill() {
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        Random random = new Random(7);
        return i -> {
            long seed = random.nextLong();
            boolean keyframe = i == 40 || i == 90;
            Picture perturbed = (x, y) -> {
                double r = (TestFrames.hashNoise(x, y, seed) + 1) / 2;
                if (keyframe) {
                    return scene.at(x, y) + (r < 0.25 ? 2 : r < 0.4 ? -2 : 0);
                }
                boolean refining = x < W / 4 && y < H / 4;
                return scene.at(x, y) + (!refining ? 0 : r < 0.015 ? 1 : r < 0.03 ? -1 : 0);
            };
            return plane(perturbed, true);
        };
    }

    @Test
    void repeatedPictureWithCodecNoiseAndAReencodedKeyframeIsOneFreeze() {
        RecordingSink sink = run(150, codecStill());

        assertThat(sink.closed).hasSize(1);
        Defect d = sink.closed.get(0);
        assertThat(d.startSec()).isCloseTo(pts(1), within(FRAME + 1e-9));
        assertThat(d.openAtEnd()).isTrue();
        assertThat(d.endSec()).isEqualTo(pts(150));
        assertThat((Double) d.detail().get("maxDifference")).isGreaterThan(0.001).isLessThan(0.004);
    }

    @Test
    void withoutKeyframeToleranceTheKeyframeRestartsTheFreeze() {
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(new FreezeDetector(FreezeDetector.DEFAULTS.withThreshold("keyframeNoise", 0.001), sink),
                150, codecStill());
        // each keyframe (and the return from it) breaks the run: 1.68..3.6 s is under the raise time, so the
        // freeze is only found from frame 92, after the second keyframe
        assertThat(sink.closed).hasSize(1);
        assertThat(sink.closed.get(0).startSec()).isCloseTo(pts(92), within(FRAME + 1e-9));
    }

    @Test
    void slowFadeIsNotFrozen() {
        // brightness rises 0.2 levels per frame: each step is tiny but the picture keeps changing
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        RecordingSink sink = run(150, i -> plane((x, y) -> scene.at(x, y) * 0.6 + 0.2 * i, false));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void thresholdsAreNamedAndOverridable() {
        assertThat(FreezeDetector.DEFAULTS.thresholds()).containsOnlyKeys("noise", "keyframeNoise", "changedCells");
        assertThat(FreezeDetector.DEFAULTS.raiseSec()).isEqualTo(2.0);
        // with thresholds above the grain level, a grainy still scene counts as frozen
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        Random random = new Random(1);
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(new FreezeDetector(FreezeDetector.DEFAULTS.withThreshold("noise", 0.01)
                .withThreshold("changedCells", 1.0), sink), 100,
                i -> plane(TestFrames.withGaussian(scene, 2, random), false));
        assertThat(sink.opened).hasSize(1);
    }
}
