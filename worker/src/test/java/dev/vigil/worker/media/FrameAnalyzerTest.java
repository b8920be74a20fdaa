package dev.vigil.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.worker.media.TestFrames.Picture;
import dev.vigil.worker.media.TestFrames.Plane;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameAnalyzerTest {

    /** Expected thumbnail cell: mean of the even-coordinate samples of the cell, × SCALE, rounded. */
    private static int expectedCell(Plane p, int cx, int cy) {
        int sum = 0;
        int n = 0;
        for (int y = cy * 8; y < Math.min(p.height(), cy * 8 + 8); y += 2) {
            for (int x = cx * 8; x < Math.min(p.width(), cx * 8 + 8); x += 2) {
                sum += p.get(x, y);
                n++;
            }
        }
        return (sum * LumaThumbnail.SCALE + n / 2) / n;
    }

    @Test
    void thumbnailOfOddSizeCoversTheWholePictureAndIgnoresStridePadding() {
        Picture texture = TestFrames.withTexture(TestFrames.smooth(322, 181), 40, 7);
        for (boolean direct : new boolean[] {true, false}) {
            Plane p = TestFrames.plane(322, 181, direct, texture);
            LumaThumbnail t = p.analyze(new FrameAnalyzer(), 0).thumbnail();

            assertThat(t.width()).isEqualTo(41);
            assertThat(t.height()).isEqualTo(23);
            assertThat(t.cells()).hasSize(41 * 23);
            for (int cy = 0; cy < t.height(); cy++) {
                for (int cx = 0; cx < t.width(); cx++) {
                    assertThat(t.cell(cx, cy))
                            .as("cell %d,%d direct=%s", cx, cy, direct)
                            .isEqualTo(expectedCell(p, cx, cy));
                }
            }
        }
    }

    @Test
    void thumbnailSamplesEvenRowsAndColumnsInFixedPoint() {
        // 8x8 blocks of level 20 + 3*bx + 5*by; odd rows and odd columns are 100 brighter and must not count
        Picture p = (x, y) -> 20 + 3 * (x / 8) + 5 * (y / 8) + ((x % 2 == 1 || y % 2 == 1) ? 100 : 0);
        LumaThumbnail t = TestFrames.plane(322, 181, true, p)
                .analyze(new FrameAnalyzer(), 0)
                .thumbnail();

        assertThat(t.mean(0, 0)).isEqualTo(20.0);
        assertThat(t.cell(3, 2)).isEqualTo((20 + 9 + 10) * LumaThumbnail.SCALE);
        assertThat(t.mean(40, 22))
                .as("partial corner cell: x=320, rows 176,178,180")
                .isEqualTo(20 + 120 + 110);
        assertThat(t.mean(40, 0)).isEqualTo(20 + 120);
        assertThat(t.mean(0, 22)).isEqualTo(20 + 110);
    }

    @Test
    void thumbnailKeepsSubLevelDifferences() {
        // one sample in 16 raised by 1: the cell mean moves by 1/16 level and the fixed point keeps it
        Picture base = (x, y) -> 50;
        Picture bumped = (x, y) -> (x % 8 == 0 && y % 8 == 0) ? 51 : 50;
        FrameAnalyzer a = new FrameAnalyzer();
        int before =
                TestFrames.plane(64, 64, false, base).analyze(a, 0).thumbnail().cell(1, 1);
        int after = TestFrames.plane(64, 64, false, bumped)
                .analyze(a, 0.04)
                .thumbnail()
                .cell(1, 1);
        assertThat(after - before).isEqualTo(1);
    }

    @Test
    void returnedFeaturesDoNotShareBuffersWithTheNextFrame() {
        FrameAnalyzer a = new FrameAnalyzer();
        VideoFeatures first = TestFrames.plane(160, 90, true, (x, y) -> 40).analyze(a, 0);
        int[] copy = first.thumbnail().cells().clone();
        VideoFeatures second = TestFrames.plane(160, 90, true, (x, y) -> 200).analyze(a, 0.04);

        assertThat(first.thumbnail().cells()).containsExactly(copy);
        assertThat(second.thumbnail().cells()).isNotSameAs(first.thumbnail().cells());
        assertThat(second.thumbnail().mean(0, 0)).isEqualTo(200.0);
        assertThat(first.ptsSec()).isEqualTo(0.0);
        assertThat(first.width()).isEqualTo(160);
        assertThat(first.height()).isEqualTo(90);
    }

    @Test
    void blockingIsMeasuredFiveTimesPerMediaSecond() {
        FrameAnalyzer a = new FrameAnalyzer();
        Plane p = TestFrames.plane(64, 48, false, TestFrames.smooth(64, 48));
        int measured = 0;
        for (int i = 0; i < 100; i++) {
            VideoFeatures f = p.analyze(a, i / 25.0);
            if (i == 0) {
                assertThat(f.blocking()).isNotNull();
            }
            if (f.blocking() != null) {
                measured++;
                assertThat(i % 5).as("frame %d", i).isZero();
            }
        }
        assertThat(measured).isEqualTo(20);

        FrameAnalyzer off = new FrameAnalyzer(0);
        assertThat(p.analyze(off, 0).blocking()).isNull();
        assertThat(p.analyze(off, 1).blocking()).isNull();
    }

    @Test
    void thumbnailOnlyIsTheSameThumbnailAndTakesNoBlockingMeasurementDue() {
        FrameAnalyzer a = new FrameAnalyzer();
        Plane p = TestFrames.plane(64, 48, false, TestFrames.smooth(64, 48));
        VideoFeatures glance = a.thumbnailOnly(p.buffer(), p.stride(), p.width(), p.height(), 0.0);
        assertThat(glance.blocking()).isNull();
        assertThat(glance.images()).isEmpty();
        VideoFeatures analysed = p.analyze(a, 0.04);
        assertThat(analysed.thumbnail().cells()).isEqualTo(glance.thumbnail().cells());
        assertThat(analysed.blocking()).as("still due: the glance took nothing").isNotNull();
    }

    @Test
    void blockingScheduleRestartsWhenTimeJumpsBack() {
        FrameAnalyzer a = new FrameAnalyzer();
        Plane p = TestFrames.plane(64, 48, false, TestFrames.smooth(64, 48));
        assertThat(p.analyze(a, 100.0).blocking()).isNotNull();
        assertThat(p.analyze(a, 100.04).blocking()).isNull();
        assertThat(p.analyze(a, 0.0).blocking()).isNotNull();
    }

    private static BlockingMeasure blocking(Picture picture) {
        return TestFrames.plane(640, 360, true, picture)
                .analyze(new FrameAnalyzer(), 0)
                .blocking();
    }

    @Test
    void blockingScoreIsAboutOneOnCleanContent() {
        Picture smooth = TestFrames.smooth(640, 360);
        assertThat(blocking(smooth).score()).as("smooth").isCloseTo(1.0, within(0.15));
        assertThat(blocking(TestFrames.withTexture(smooth, 3, 1)).score())
                .as("fine texture")
                .isCloseTo(1.0, within(0.15));
        assertThat(blocking(TestFrames.withTexture(smooth, 25, 2)).score())
                .as("strong texture")
                .isCloseTo(1.0, within(0.15));
        assertThat(blocking(TestFrames.withGaussian(smooth, 3, new Random(3))).score())
                .as("noise")
                .isCloseTo(1.0, within(0.15));
        assertThat(blocking((x, y) -> 20 + x / 8).score())
                .as("ramp stepping on the grid")
                .isCloseTo(1.0, within(0.15));
        assertThat(blocking((x, y) -> (x + y) * 0.35).score())
                .as("diagonal ramp")
                .isCloseTo(1.0, within(0.15));
        assertThat(blocking((x, y) -> 90).score()).as("flat").isEqualTo(1.0);
    }

    @Test
    void blockingScoreIgnoresLegitimateEdges() {
        // strong vertical and horizontal edges off the grid
        Picture offGrid =
                TestFrames.withTexture((x, y) -> ((x + 5) % 50 < 25 ? 60 : 180) + ((y + 3) % 37 < 11 ? 30 : 0), 2, 4);
        assertThat(blocking(offGrid).score()).as("edges off the grid").isLessThan(1.2);
        // 64 px checkerboard aligned to the grid: its edges are on grid lines, but isolated ones
        Picture checker = (x, y) -> ((x / 64 + y / 64) % 2) * 200 + 20;
        assertThat(blocking(checker).score()).as("checkerboard").isLessThan(1.2);
        assertThat(blocking(TestFrames.withTexture(checker, 4, 3)).score())
                .as("textured checkerboard")
                .isLessThan(1.5);
    }

    @Test
    void blockingScoreIsHighForBlockMeans() {
        Picture smooth = TestFrames.smooth(640, 360);
        BlockingMeasure blocky8 = blocking(TestFrames.blockMeans(smooth, 8, 640, 360));
        assertThat(blocky8.score()).isGreaterThan(5);
        assertThat(blocky8.boundaryGradient()).isGreaterThan(blocky8.innerGradient());
        assertThat(blocking(TestFrames.blockMeans(smooth, 16, 640, 360)).score())
                .as("macroblocks")
                .isGreaterThan(5);
        assertThat(blocking(TestFrames.withGaussian(TestFrames.blockMeans(smooth, 8, 640, 360), 2, new Random(5)))
                        .score())
                .as("blocks under noise")
                .isGreaterThan(3);
    }

    @Test
    void tallPicturesUseSparseBandsWithTheSameVerdicts() {
        int w = 1920;
        int h = 1080;
        Picture smooth = TestFrames.smooth(w, h);
        FrameAnalyzer a = new FrameAnalyzer();
        double clean = TestFrames.plane(w, h, true, TestFrames.withTexture(smooth, 3, 1))
                .analyze(a, 0)
                .blocking()
                .score();
        double blocky = TestFrames.plane(w, h, true, TestFrames.blockMeans(smooth, 8, w, h))
                .analyze(a, 1)
                .blocking()
                .score();
        assertThat(clean).isCloseTo(1.0, within(0.15));
        assertThat(blocky).isGreaterThan(5);
    }

    @Test
    void tinyPicturesAreNeutral() {
        BlockingMeasure m = TestFrames.plane(7, 5, false, (x, y) -> x * 30)
                .analyze(new FrameAnalyzer(), 0)
                .blocking();
        assertThat(m.score()).isEqualTo(1.0);
        LumaThumbnail t = TestFrames.plane(7, 5, false, (x, y) -> 10)
                .analyze(new FrameAnalyzer(), 0)
                .thumbnail();
        assertThat(t.width()).isEqualTo(1);
        assertThat(t.mean(0, 0)).isEqualTo(10.0);
    }
}
