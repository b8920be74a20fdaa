package dev.vigil.worker.detect.video;

import static dev.vigil.worker.detect.video.VideoFeed.FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.media.TestFrames;
import dev.vigil.worker.media.TestFrames.Picture;
import dev.vigil.worker.media.TestFrames.Plane;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class BlockinessDetectorTest {

    private static final int W = 480;
    private static final int H = 272;

    private static final Picture SCENE = TestFrames.withTexture(TestFrames.smooth(W, H), 3, 8);

    private static RecordingSink run(int frames, IntFunction<Plane> frameAt) {
        RecordingSink sink = new RecordingSink();
        VideoFeed.run(new BlockinessDetector(BlockinessDetector.DEFAULTS, sink), frames, frameAt);
        return sink;
    }

    @Test
    void blockySegmentIsOneDefect() {
        Plane clean = TestFrames.plane(W, H, true, SCENE);
        Plane blocky = TestFrames.plane(W, H, false, TestFrames.blockMeans(TestFrames.smooth(W, H), 8, W, H));
        // clean 3 s (the first 2 s teach the detector the stream's look), blocky 3 s (frames 75..149), clean 2 s;
        // blocking is measured on every 5th frame and judged on the median of the last five measurements
        RecordingSink sink = run(200, i -> i >= 75 && i < 150 ? blocky : clean);

        assertThat(sink.opened).hasSize(1);
        assertThat(sink.closed).hasSize(1);
        Defect d = sink.closed.get(0);
        assertThat(d.type()).isEqualTo(DetectorName.of(DefectType.BLOCKINESS));
        assertThat(d.severity()).isEqualTo(Severity.MINOR);
        assertThat(d.startSec()).isCloseTo(3.4, within(FRAME + 1e-9));
        assertThat(d.endSec()).isCloseTo(6.4, within(FRAME + 1e-9));
        assertThat((Double) d.detail().get("score")).isGreaterThan(5.0);
        assertThat((Double) d.detail().get("peakScore"))
                .isGreaterThanOrEqualTo((Double) d.detail().get("score"));
    }

    @Test
    void cleanTextureIsNotBlocky() {
        Plane clean = TestFrames.plane(W, H, true, TestFrames.withTexture(SCENE, 15, 2));
        assertThat(run(125, i -> clean).opened).isEmpty();
    }

    @Test
    void movingSmoothContentIsNotBlocky() {
        RecordingSink sink = run(125, i -> TestFrames.plane(W, H, i % 2 == 0, (x, y) -> SCENE.at(x + 2 * i, y + i)));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void gridAlignedCheckerboardIsNotBlocky() {
        Plane checker = TestFrames.plane(
                W, H, true, TestFrames.withTexture((x, y) -> ((x / 64 + y / 64) % 2) * 200 + 20, 3, 6));
        assertThat(run(125, i -> checker).opened).isEmpty();
    }

    @Test
    void blocksFromTheFirstFrameAreThePicturesLook() {
        // low-resolution graphics scaled up 8 times with nearest-neighbour: the same small steps as damage, all along
        Plane upscaled = TestFrames.plane(W, H, true, TestFrames.blockMeans(TestFrames.smooth(W, H), 8, W, H));
        assertThat(run(250, i -> upscaled).opened).isEmpty();
    }

    @Test
    void pixelArtIsNotBlockiness() {
        // 16 px pixels of a few colours, redrawn every 5 frames: steps between colours, not a flattened picture
        int[] palette = {20, 70, 130, 200, 240};
        RecordingSink sink = run(
                250,
                i -> TestFrames.plane(W, H, true, (x, y) -> {
                    double h = TestFrames.hashNoise(x / 16, y / 16, i / 5);
                    return palette[(int) ((h + 1) / 2 * palette.length) % palette.length];
                }));
        assertThat(sink.opened).isEmpty();
    }

    @Test
    void damageAfterTheBlockyLookIsReportedWhenThePictureWasCleanBetween() {
        Plane clean = TestFrames.plane(W, H, true, SCENE);
        Plane blocky = TestFrames.plane(W, H, false, TestFrames.blockMeans(TestFrames.smooth(W, H), 8, W, H));
        // blocky from the start (the look), clean from 2 s, damaged 6-9 s
        RecordingSink sink = run(300, i -> i < 50 || (i >= 150 && i < 225) ? blocky : clean);
        assertThat(sink.closed).singleElement().satisfies(d -> {
            assertThat(d.startSec()).isCloseTo(6.4, within(FRAME + 1e-9));
            assertThat(d.endSec()).isCloseTo(9.4, within(FRAME + 1e-9));
            assertThat((Double) d.detail().get("baseline")).isLessThan(1.5);
        });
    }

    @Test
    void shortBlockyBurstIsIgnored() {
        Plane clean = TestFrames.plane(W, H, true, SCENE);
        Plane blocky = TestFrames.plane(W, H, true, TestFrames.blockMeans(TestFrames.smooth(W, H), 8, W, H));
        // 0.6 s of blocks, e.g. after a scene cut
        assertThat(run(125, i -> i >= 50 && i < 65 ? blocky : clean).opened).isEmpty();
    }
}
