package dev.vigil.worker.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model input: exact box averages, strides honoured, sampled frames only. */
class LumaDownscalerTest {

    @Test
    void averagesEachSourceBoxAndRounds() {
        // 4x2 -> 2x1: boxes {10, 20, 30, 41} and {0, 0, 255, 255}
        byte[] plane = {10, 20, 0, 0, 30, 41, (byte) 255, (byte) 255};
        LumaImage img = new LumaDownscaler(2, 1).downscale(plane, 4, 2);
        assertThat(img.get(0, 0)).isEqualTo(25); // 101 / 4 = 25.25
        assertThat(img.get(1, 0)).isEqualTo(128); // 510 / 4 = 127.5 rounds up
    }

    /**
     * The eight-pixels-at-a-time sums against the definition, computed pixel by pixel: widths that are not
     * multiples of 8 (the tail), white planes (the largest lane sums), strides, and bands taller than the
     * 16-bit lanes hold (the row-by-row path).
     */
    @Test
    void matchesTheDefinitionPixelForPixel() {
        java.util.Random random = new java.util.Random(11);
        int[][] sizes = {
            {1280, 720, 256, 144},
            {1920, 1080, 256, 144},
            {643, 361, 256, 144},
            {13, 9, 5, 3},
            {700, 600, 7, 2},
            {8, 8, 3, 3}
        };
        for (int[] size : sizes) {
            for (boolean white : new boolean[] {true, false}) {
                int w = size[0], h = size[1], ow = size[2], oh = size[3], stride = w + random.nextInt(24);
                byte[] plane = new byte[stride * h];
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (byte) (white ? 255 : random.nextInt(256));
                }
                LumaImage img = new LumaDownscaler(ow, oh).downscale(ByteBuffer.wrap(plane), stride, w, h);
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * w / ow, x1 = Math.max(x0 + 1, (ox + 1) * w / ow);
                        int y0 = oy * h / oh, y1 = Math.max(y0 + 1, (oy + 1) * h / oh);
                        long sum = 0;
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) {
                                sum += plane[y * stride + x] & 0xFF;
                            }
                        }
                        long count = (long) (x1 - x0) * (y1 - y0);
                        assertThat(img.get(ox, oy))
                                .as("%dx%d -> %dx%d at (%d,%d)", w, h, ow, oh, ox, oy)
                                .isEqualTo((int) ((sum + count / 2) / count));
                    }
                }
            }
        }
    }

    @Test
    void uneven720pTo256x144UsesTheFloorBoundaries() {
        byte[] plane = new byte[1280 * 720];
        for (int y = 0; y < 720; y++) {
            for (int x = 0; x < 1280; x++) {
                plane[y * 1280 + x] = (byte) (x < 5 ? 200 : 0);
            }
        }
        LumaImage img = new LumaDownscaler(256, 144).downscale(plane, 1280, 720);
        assertThat(img.get(0, 0)).isEqualTo(200); // columns 0..4 exactly
        assertThat(img.get(1, 0)).isZero();
        assertThat(img.get(0, 143)).isEqualTo(200);
    }

    @Test
    void honoursTheStrideAndStretchesSmallPictures() {
        // 2x2 picture in a stride-4 buffer, padding bytes must not leak in
        ByteBuffer plane = ByteBuffer.wrap(new byte[] {100, (byte) 200, 99, 99, 50, 0, 99, 99});
        LumaImage img = new LumaDownscaler(4, 4).downscale(plane, 4, 2, 2);
        assertThat(img.get(0, 0)).isEqualTo(100);
        assertThat(img.get(3, 0)).isEqualTo(200);
        assertThat(img.get(0, 3)).isEqualTo(50);
        assertThat(img.get(3, 3)).isZero();
    }

    @Test
    void theAnalyzerMakesImagesOnlyAtTheRequestedRate() {
        FrameAnalyzer a = new FrameAnalyzer(0).withLumaSampling(List.of(new LumaSampling(32, 18, 2)));
        int made = 0;
        for (int i = 0; i < 50; i++) { // 2 s at 25 fps
            VideoFeatures f = TestFrames.plane(320, 180, true, (x, y) -> 128).analyze(a, i / 25.0);
            if (f.image(32, 18) != null) {
                made++;
                assertThat(f.image(32, 18).get(5, 5)).isEqualTo(128);
            }
        }
        assertThat(made).isEqualTo(4);
    }

    @Test
    void aTemporalSampleCarriesTheFrameDecodedJustBeforeIt() {
        FrameAnalyzer a = new FrameAnalyzer(0).withLumaSampling(List.of(new LumaSampling(32, 18, 2, true)));
        int made = 0;
        for (int i = 0; i < 50; i++) { // 2 s at 25 fps, frame i is flat at level 10 + i
            int level = 10 + i;
            VideoFeatures f = TestFrames.plane(320, 180, true, (x, y) -> level).analyze(a, i / 25.0);
            LumaImage img = f.image(32, 18);
            if (img != null) {
                made++;
                assertThat(img.get(5, 5)).isEqualTo(level);
                assertThat(img.previous().get(5, 5)).isEqualTo(level - 1);
            }
        }
        assertThat(made).isEqualTo(4);
    }

    @Test
    void aSingleFrameRequestOfTheSameSizeSharesTheTemporalSamples() {
        FrameAnalyzer a = new FrameAnalyzer(0)
                .withLumaSampling(List.of(new LumaSampling(32, 18, 1), new LumaSampling(32, 18, 2, true)));
        int made = 0;
        for (int i = 0; i < 50; i++) {
            VideoFeatures f = TestFrames.plane(320, 180, true, (x, y) -> 128).analyze(a, i / 25.0);
            if (f.image(32, 18) != null) {
                made++;
                assertThat(f.image(32, 18).previous()).isNotNull();
            }
        }
        assertThat(made).isEqualTo(4);
    }

    @Test
    void temporalSamplesStayOneIntervalApartWhenFrameIntervalsVary() {
        FrameAnalyzer a = new FrameAnalyzer(0).withLumaSampling(List.of(new LumaSampling(32, 18, 2, true)));
        double pts = 0;
        double lastSample = Double.NEGATIVE_INFINITY;
        int made = 0;
        for (int i = 0; i < 100; i++) { // about 4 s, frames 20 ms / 60 ms / 20 ms / ... apart
            VideoFeatures f = TestFrames.plane(320, 180, true, (x, y) -> 128).analyze(a, pts);
            if (f.image(32, 18) != null) {
                made++;
                // what OnnxDetector asks of consecutive samples at 2 per second
                assertThat(pts).isGreaterThanOrEqualTo(lastSample + 0.5 - 1e-3);
                lastSample = pts;
            }
            pts += i % 2 == 0 ? 0.02 : 0.06;
        }
        assertThat(made).isBetween(7, 8);
    }
}
