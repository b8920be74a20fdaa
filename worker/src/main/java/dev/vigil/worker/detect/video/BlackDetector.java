package dev.vigil.worker.detect.video;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Near-black picture. FFmpeg equivalent: {@code blackdetect=pix_th=0.10:picture_black_ratio_th=0.98:d=2}.
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #PIXEL_THRESHOLD} (default 0.10): a thumbnail cell is black when its mean luma is at most
 * {@code 16 + pixelThreshold × (235 − 16)} (37.9 for the default), the limited-range formula of blackdetect.
 * Full-range black (0) is below it as well.</li>
 * <li>{@value #PICTURE_RATIO} (default 0.98): the picture is black when at least this fraction of the cells is
 * black.</li>
 * </ul>
 * Cells are means of 16 samples over 8×8 pixels, so single bright pixels are averaged away where blackdetect
 * would count them; a dark scene whose detail swings around the threshold (luma 30–45) stays well under the
 * ratio. Defaults: raise after 2 s (a fade through black is not black), clear after 0.12 s, severity major.
 * Detail: {@code blackRatio} (lowest during the defect) and {@code meanLuma} (8-bit levels, averaged).
 */
public final class BlackDetector implements Detector {

    public static final String PIXEL_THRESHOLD = "pixelThreshold";
    public static final String PICTURE_RATIO = "pictureRatio";

    public static final DetectorSettings DEFAULTS = new DetectorSettings(true, Severity.MAJOR, 2.0, 0.12,
            Map.of(PIXEL_THRESHOLD, 0.10, PICTURE_RATIO, 0.98));

    private static final double BLACK_LEVEL = 16;
    private static final double WHITE_LEVEL = 235;

    /** Pictures further apart than this (economy, keyframes decoding): edges half-way through the gap. */
    private static final double SPARSE_SEC = 0.1;

    private final DefectGate gate;
    private final int cellThreshold;
    private final double pictureRatio;

    private double runMinRatio = 1;
    private double runLumaSum;
    private int runFrames;

    public BlackDetector(DetectorSettings settings, DefectSink sink) {
        this.gate = new DefectGate(DefectType.BLACK, settings, sink).sparseAfter(SPARSE_SEC);
        this.cellThreshold = cellThreshold(settings.threshold(PIXEL_THRESHOLD));
        this.pictureRatio = settings.threshold(PICTURE_RATIO);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.BLACK);
    }

    /** The fixed-point thumbnail value at or below which a cell counts as black. */
    private static int cellThreshold(double pixelThreshold) {
        double level = BLACK_LEVEL + pixelThreshold * (WHITE_LEVEL - BLACK_LEVEL);
        return (int) Math.floor(level * LumaThumbnail.SCALE);
    }

    /** Whether a picture is black by the default thresholds (used to keep black stills out of freeze). */
    public static boolean isBlackByDefault(LumaThumbnail thumb) {
        int level = cellThreshold(DEFAULTS.threshold(PIXEL_THRESHOLD));
        int[] cells = thumb.cells();
        int black = 0;
        for (int c : cells) {
            if (c <= level) {
                black++;
            }
        }
        return cells.length > 0 && black >= DEFAULTS.threshold(PICTURE_RATIO) * cells.length;
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        int[] cells = frame.thumbnail().cells();
        int black = 0;
        long sum = 0;
        for (int c : cells) {
            if (c <= cellThreshold) {
                black++;
            }
            sum += c;
        }
        double ratio = cells.length == 0 ? 0 : black / (double) cells.length;
        boolean isBlack = cells.length > 0 && ratio >= pictureRatio;
        if (isBlack) {
            runMinRatio = Math.min(runMinRatio, ratio);
            runLumaSum += sum / (double) cells.length / LumaThumbnail.SCALE;
            runFrames++;
        }
        gate.update(frame.ptsSec(), isBlack, this::detail);
        if (!isBlack && !gate.isOpen()) {
            resetRun();
        }
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, this::detail);
        resetRun();
    }

    private void resetRun() {
        runMinRatio = 1;
        runLumaSum = 0;
        runFrames = 0;
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blackRatio", Details.round(runFrames == 0 ? 0 : runMinRatio, 4));
        m.put("meanLuma", Details.round(runFrames == 0 ? 0 : runLumaSum / runFrames, 2));
        return m;
    }
}
