package dev.vigil.worker.detect.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Cuts, flashes and motion on synthetic 40x30-cell thumbnails at 25 fps. */
class VisualEventsTest {

    private static final int W = 40;
    private static final int H = 30;

    private static List<Double> events(int frames, IntFunction<int[]> cellsAt) {
        VisualEvents visual = new VisualEvents();
        List<Double> found = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            double t = visual.onFrame(
                    new VideoFeatures(i / 25.0, W * 8, H * 8, new LumaThumbnail(W, H, cellsAt.apply(i)), null));
            if (!Double.isNaN(t)) {
                found.add(t);
            }
        }
        return found;
    }

    /** A picture: a gradient whose phase and slope name the shot, plus grain. */
    private static int[] shot(int id, int frame, Random grain) {
        int[] cells = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double luma = 128 + 80 * Math.sin(0.2 * (id + 1) * x + 0.3 * y + id + 0.02 * frame);
                cells[y * W + x] = (int) Math.round((luma + 2 * grain.nextGaussian()) * LumaThumbnail.SCALE);
            }
        }
        return cells;
    }

    @Test
    void cutsAreEventsAtTheFirstFrameOfTheNewShot() {
        Random grain = new Random(1);
        List<Double> found = events(150, i -> shot(i < 50 ? 0 : i < 110 ? 1 : 2, i, grain));
        assertThat(found).containsExactly(2.0, 4.4);
    }

    @Test
    void aOneFrameFlashIsOneEvent() {
        Random grain = new Random(2);
        List<Double> found = events(100, i -> {
            int[] cells = shot(0, i, grain);
            if (i == 60) {
                java.util.Arrays.fill(cells, 0, cells.length / 4, 235 * LumaThumbnail.SCALE);
            }
            return cells;
        });
        assertThat(found).containsExactly(2.4);
    }

    @Test
    void steadyMotionAndGrainAreNotEvents() {
        Random grain = new Random(3);
        assertThat(events(200, i -> shot(3, 4 * i, grain))).isEmpty();
    }
}
