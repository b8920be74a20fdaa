package dev.vigil.worker.detect.sync;

import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import java.util.Arrays;

/**
 * Finds the moments the picture changes abruptly — cuts, flashes, the start of a burst of motion — on the luma
 * thumbnail every frame already carries. The change of a frame is the mean absolute difference of its thumbnail
 * cells (a quarter of them) from the previous frame's (0..1 of the 8-bit range); an event is a frame whose change is well above the
 * recent level ({@value #RATIO}× the median of the last second) and above {@value #MIN_CHANGE} (about 8 levels),
 * at most one per {@value #REFRACTORY_SEC} s (a one-frame flash changes twice: on and off). Its time is the
 * frame's presentation time: the first frame of the new picture.
 */
final class VisualEvents {

    /** Smallest change that can be an event: a cut or flash, not grain or a slow pan. */
    static final double MIN_CHANGE = 0.03;

    static final double RATIO = 4.0;
    static final double REFRACTORY_SEC = 0.2;
    /** Frames this far apart are not compared (a gap, a reconnect). */
    private static final double MAX_FRAME_GAP_SEC = 0.5;

    private static final int HISTORY = 25;

    private final double[] history = new double[HISTORY];
    private final double[] sorted = new double[HISTORY];
    private int filled;
    private int next;
    private LumaThumbnail previous;
    private double previousSec = Double.NaN;
    private double lastEventSec = Double.NEGATIVE_INFINITY;

    /** @return the event time (the frame's), or NaN when this frame is not an event */
    double onFrame(VideoFeatures frame) {
        LumaThumbnail t = frame.thumbnail();
        LumaThumbnail before = previous;
        double beforeSec = previousSec;
        previous = t;
        previousSec = frame.ptsSec();
        if (t == null
                || before == null
                || before.width() != t.width()
                || before.height() != t.height()
                || !(frame.ptsSec() - beforeSec < MAX_FRAME_GAP_SEC)
                || frame.ptsSec() <= beforeSec) {
            filled = 0;
            return Double.NaN;
        }
        double change = change(before, t);
        double level = median();
        history[next] = change;
        next = (next + 1) % HISTORY;
        filled = Math.min(HISTORY, filled + 1);
        if (change >= MIN_CHANGE && change > RATIO * level && frame.ptsSec() - lastEventSec >= REFRACTORY_SEC) {
            lastEventSec = frame.ptsSec();
            return frame.ptsSec();
        }
        return Double.NaN;
    }

    /**
     * Mean absolute cell difference, 0..1 of the 8-bit range, on every other cell of every other row (a quarter of
     * the cells: a cut or a flash changes whole regions, and this runs on every frame).
     */
    static double change(LumaThumbnail a, LumaThumbnail b) {
        int[] x = a.cells();
        int[] y = b.cells();
        int w = a.width();
        long sum = 0;
        int n = 0;
        for (int row = 0; row < a.height(); row += 2) {
            int end = row * w + w;
            for (int i = row * w; i < end; i += 2) {
                sum += Math.abs(x[i] - y[i]);
                n++;
            }
        }
        return sum / (n * (double) LumaThumbnail.SCALE * 255);
    }

    /** Median change of the last second; 0 until there is any history (the first change may be an event). */
    private double median() {
        if (filled == 0) {
            return 0;
        }
        int n = filled;
        for (int i = 0; i < n; i++) {
            sorted[i] = history[(next - 1 - i + HISTORY) % HISTORY];
        }
        Arrays.sort(sorted, 0, n);
        return sorted[n / 2];
    }
}
