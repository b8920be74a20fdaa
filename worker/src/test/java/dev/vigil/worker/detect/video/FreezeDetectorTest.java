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

class FreezeDetectorTest {

    private static final int W = 320;
    private static final int H = 180;

    /** A bigger picture for the layouts with graphics: their parts are then several 32 px blocks. */
    private static final int LW = 640;

    private static final int LH = 360;

    /** Room for the programme to move by up to this many pixels to the right. */
    private static final int MARGIN = 512;

    private static final double[] SCENE_VALUES = new double[(LW + MARGIN) * LH];

    static {
        Picture scene = TestFrames.withTexture(TestFrames.smooth(LW, LH), 6, 3);
        for (int y = 0; y < LH; y++) {
            for (int x = 0; x < LW + MARGIN; x++) {
                SCENE_VALUES[y * (LW + MARGIN) + x] = scene.at(x, y);
            }
        }
    }

    /** A textured picture, computed once (the large tests draw many frames of it). */
    private static final Picture SCENE = (x, y) -> SCENE_VALUES[y * (LW + MARGIN) + x];

    /** Moving content: the smooth picture panning 3 px per frame. */
    private static Picture moving(int frame) {
        Picture base = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 11);
        return (x, y) -> base.at(x + 3 * frame, y);
    }

    private static Plane plane(Picture p, boolean direct) {
        return TestFrames.plane(W, H, direct, p);
    }

    private static Plane large(Picture p) {
        return TestFrames.plane(LW, LH, false, p);
    }

    private static RecordingSink run(int frames, IntFunction<Plane> frameAt) {
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(new FreezeDetector(FreezeDetector.DEFAULTS, sink), frames, frameAt);
        return sink;
    }

    private static boolean in(int x, int y, double x0, double x1, double y0, double y1) {
        return x >= x0 * LW && x < x1 * LW && y >= y0 * LH && y < y1 * LH;
    }

    /**
     * A channel's live graphics over {@code programme}: a ticker scrolling 4 px per frame along the bottom, a clock
     * in the top right corner that changes every second, an animated bug in the top left corner.
     */
    private static Picture liveGraphics(Picture programme, int frame) {
        return (x, y) -> {
            if (in(x, y, 0, 1, 0.89, 0.97)) {
                return 120 + 100 * TestFrames.hashNoise((x + 4 * frame) / 6, y / 6, 17);
            }
            if (in(x, y, 0.86, 0.95, 0.04, 0.11)) {
                return 60 + 150 * ((x / 9 + y / 7 + frame / 25) % 2);
            }
            if (in(x, y, 0.04, 0.11, 0.04, 0.11)) {
                return 128 + 100 * Math.sin((x + y) / 5.0 + frame * 0.7);
            }
            return programme.at(x, y);
        };
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
        assertThat(d.detail()).containsEntry("frozenArea", 1.0).containsEntry("movingArea", 0.0);
        // opened once the picture had been still for 1 s, as minor; escalated at 2 s
        assertThat(sink.opened.get(0).severity()).isEqualTo(Severity.MINOR);
        assertThat(sink.escalated)
                .singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo(Severity.MAJOR));
        assertThat(sink.opened.get(0).startSec()).isEqualTo(d.startSec());
    }

    @Test
    void freezeShorterThanTheRaiseTimeIsMinorAndShorterThanASecondIsNothing() {
        Plane still = plane(moving(50), true);
        RecordingSink minor = run(150, i -> i >= 50 && i < 95 ? still : plane(moving(i), true)); // 1.76 s repeated
        assertThat(minor.closed).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.MINOR);
            assertThat(d.durationSec()).isCloseTo(1.76, within(FRAME + 1e-9));
        });
        assertThat(minor.escalated).isEmpty();

        RecordingSink none = run(150, i -> i >= 50 && i < 70 ? still : plane(moving(i), true)); // 0.76 s
        assertThat(none.opened).isEmpty();
    }

    @Test
    void frozenProgrammeUnderLiveGraphicsIsAFreeze() {
        // the programme moves for 1 s, freezes for 3 s while the ticker, clock and bug go on, then moves again
        Picture frozen = (x, y) -> SCENE.at(x + 50, y);
        RecordingSink sink =
                run(150, i -> large(liveGraphics(i >= 25 && i < 100 ? frozen : (x, y) -> SCENE.at(x + 2 * i, y), i)));

        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.MAJOR);
            assertThat(d.startSec()).isCloseTo(pts(26), within(FRAME + 1e-9));
            assertThat(d.endSec()).isCloseTo(pts(100), within(FRAME + 1e-9));
            // the graphics layer is a part of the picture that kept moving
            assertThat((Double) d.detail().get("frozenArea")).isBetween(0.7, 0.99);
            assertThat((Double) d.detail().get("movingArea")).isBetween(0.01, 0.3);
        });
    }

    @Test
    void newsLayoutWithAMovingPresenterIsNotFrozen() {
        // a still studio, live graphics, and a presenter in the middle who moves a little all the time
        RecordingSink sink = run(
                150,
                i -> large(liveGraphics(
                        (x, y) -> {
                            if (in(x, y, 0.42, 0.58, 0.3, 0.8)) {
                                double sway = 3 * Math.sin(i * 0.3);
                                return 90 + 60 * Math.sin((x + sway) / 9.0) * Math.cos((y + sway) / 13.0);
                            }
                            return SCENE.at(x, y);
                        },
                        i)));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void frozenPictureUnderFreshNoiseIsAFreeze() {
        // a distribution encoder adding grain or dither to the last picture it got: the same picture, fresh noise
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        for (double sigma : new double[] {2.0, 4.0}) {
            RecordingSink sink = run(150, i -> plane(TestFrames.withFreshNoise(scene, sigma, i), false));
            assertThat(sink.closed).as("sigma %s", sigma).singleElement().satisfies(d -> {
                assertThat(d.startSec()).isCloseTo(pts(1), within(FRAME + 1e-9));
                assertThat(d.openAtEnd()).isTrue();
            });
        }
    }

    @Test
    void stillShotOfALiveCameraIsNotFrozen() {
        // grain, light drifting by a few levels and a small subject walking across the middle: a live camera
        RecordingSink sink = run(
                150,
                i -> large(TestFrames.withFreshNoise(
                        (x, y) -> {
                            double light = 3 * Math.sin(2 * Math.PI * i / 100.0);
                            int sx = (int) (0.45 * LW) + i;
                            boolean subject = x >= sx && x < sx + 40 && y >= 0.45 * LH && y < 0.55 * LH;
                            return (subject ? 200 - (x - sx) * 2 : SCENE.at(x, y)) + light;
                        },
                        3,
                        i)));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void slowPanIsNotFrozen() {
        // 0.25 px per frame (6 px/s) over a smooth picture, sub-pixel steps
        RecordingSink sink = run(
                250,
                i -> plane(
                        (x, y) -> {
                            double u = x + 0.25 * i;
                            return 125
                                    + 55 * Math.sin(u / 37.0 + 0.5) * Math.cos(y / 29.0)
                                    + 35 * Math.sin((u + 2 * y) / 61.0)
                                    + 10 * Math.cos(u / 11.0 - y / 17.0);
                        },
                        false));
        assertThat(sink.opened).isEmpty();
    }

    /**
     * A still picture as a codec delivers it: an H.264 encoder repeats a still picture exactly (skipped blocks)
     * except where it is still refining, modelled as ±1 on ~3% of the pixels of one region (the top-left
     * sixteenth of the picture) every frame; frames 40 and 90 are keyframes re-encoding it, ±2 on 40% of the pixels.
     */
    private static IntFunction<Plane> codecStill() {
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

        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(pts(1), within(FRAME + 1e-9));
            assertThat(d.openAtEnd()).isTrue();
            assertThat(d.endSec()).isEqualTo(pts(150));
            assertThat(d.detail()).containsEntry("frozenArea", 1.0);
        });
    }

    @Test
    void slowFadeIsNotFrozen() {
        // brightness rises 0.2 levels per frame: each step is tiny but the picture keeps changing
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        RecordingSink sink = run(150, i -> plane((x, y) -> scene.at(x, y) * 0.6 + 0.2 * i, false));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void stillBlackIsNotAFreeze() {
        Plane black = plane((x, y) -> 16, true);
        assertThat(run(150, i -> black).opened).isEmpty();
    }

    @Test
    void thresholdsAreNamedAndOverridable() {
        assertThat(FreezeDetector.DEFAULTS.thresholds())
                .containsOnlyKeys("blockChange", "detailChange", "movingArea", "minorSec");
        assertThat(FreezeDetector.DEFAULTS.raiseSec()).isEqualTo(2.0);
        // with change thresholds above the fade's 30 levels, a fade is a still picture
        Picture scene = TestFrames.withTexture(TestFrames.smooth(W, H), 6, 3);
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(
                new FreezeDetector(
                        FreezeDetector.DEFAULTS
                                .withThreshold("blockChange", 0.2)
                                .withThreshold("detailChange", 0.2),
                        sink),
                150,
                i -> plane((x, y) -> scene.at(x, y) * 0.6 + 0.2 * i, false));
        assertThat(sink.opened).hasSize(1);
    }
}
