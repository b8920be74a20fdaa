package dev.vigil.worker.detect.video;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.LumaThumbnail;
import dev.vigil.worker.media.VideoFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Black programme, also under the channel's logo or graphics. FFmpeg equivalent:
 * {@code blackdetect=pix_th=0.10:picture_black_ratio_th=0.98:d=2}, which judges the whole picture, so a logo burned
 * in over the black hides it.
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #PIXEL_THRESHOLD} (default 0.10): a thumbnail cell is black when its mean luma is at most
 * {@code 16 + pixelThreshold × (235 − 16)} (37.9 for the default), the limited-range formula of blackdetect.
 * Full-range black (0) is below it as well.</li>
 * <li>{@value #PICTURE_RATIO} (default 0.98): the picture is black when at least this fraction of the cells of the
 * {@link ProgrammeArea programme area} (the middle of the picture) is black, and</li>
 * <li>{@value #OVERLAY_AREA} (default 0.2): at most this fraction of the whole picture is not black — a logo, a
 * clock or a ticker in the band around the programme area. Their presence is reported in the detail.</li>
 * <li>{@value #MINOR_SEC} (default 1 s): black that lasts this long is reported as minor, and escalated to the
 * detector's severity at {@code raiseSec}. A fade through black (a few tenths of a second of black) stays below.</li>
 * </ul>
 * Cells are means of 16 samples over 8×8 pixels, so single bright pixels are averaged away where blackdetect
 * would count them; a dark scene whose detail swings around the threshold (luma 30–45) stays well under the
 * ratio. Defaults: raise after 2 s, clear after 0.12 s, severity major.
 * Detail: {@code blackRatio} (of the programme area, lowest during the defect), {@code meanLuma} (8-bit levels, of
 * the programme area, averaged), {@code overlay} (whether anything was drawn over the black) and
 * {@code overlayArea} (the largest share of the picture that was not black).
 */
public final class BlackDetector implements Detector {

    public static final String PIXEL_THRESHOLD = "pixelThreshold";
    public static final String PICTURE_RATIO = "pictureRatio";
    public static final String OVERLAY_AREA = "overlayArea";
    public static final String MINOR_SEC = "minorSec";

    public static final DetectorSettings DEFAULTS = new DetectorSettings(
            true,
            Severity.MAJOR,
            2.0,
            0.12,
            Map.of(PIXEL_THRESHOLD, 0.10, PICTURE_RATIO, 0.98, OVERLAY_AREA, 0.2, MINOR_SEC, 1.0));

    private static final double BLACK_LEVEL = 16;
    private static final double WHITE_LEVEL = 235;

    /** Pictures further apart than this (economy, keyframes decoding): edges half-way through the gap. */
    private static final double SPARSE_SEC = 0.1;
    /** Cells of the default black threshold, for {@link #isBlackByDefault}. */
    private static final BlackPicture DEFAULT_TEST = new BlackPicture(
            cellThreshold(DEFAULTS.threshold(PIXEL_THRESHOLD)),
            DEFAULTS.threshold(PICTURE_RATIO),
            DEFAULTS.threshold(OVERLAY_AREA));

    private final DefectGate gate;
    private final BlackPicture test;

    private double runMinRatio = 1;
    private double runLumaSum;
    private double runMaxOverlay;
    private int runFrames;

    public BlackDetector(DetectorSettings settings, DefectSink sink) {
        this.gate =
                new DefectGate(DefectType.BLACK, settings, settings.threshold(MINOR_SEC), sink).sparseAfter(SPARSE_SEC);
        this.test = new BlackPicture(
                cellThreshold(settings.threshold(PIXEL_THRESHOLD)),
                settings.threshold(PICTURE_RATIO),
                settings.threshold(OVERLAY_AREA));
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.BLACK);
    }

    static int cellThreshold(double pixelThreshold) {
        double level = BLACK_LEVEL + pixelThreshold * (WHITE_LEVEL - BLACK_LEVEL);
        return (int) Math.floor(level * LumaThumbnail.SCALE);
    }

    /** Whether a picture is black by the default thresholds (used to keep black stills out of freeze). */
    public static boolean isBlackByDefault(LumaThumbnail thumb) {
        return DEFAULT_TEST.measure(thumb).black();
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        BlackPicture.Measure m = test.measure(frame.thumbnail());
        boolean isBlack = m.black();
        if (isBlack) {
            runMinRatio = Math.min(runMinRatio, m.centreRatio());
            runLumaSum += m.centreLuma();
            runMaxOverlay = Math.max(runMaxOverlay, m.notBlackArea());
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
        runMaxOverlay = 0;
        runFrames = 0;
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blackRatio", Details.round(runFrames == 0 ? 0 : runMinRatio, 4));
        m.put("meanLuma", Details.round(runFrames == 0 ? 0 : runLumaSum / runFrames, 2));
        // a cell or two of dark detail is not an overlay: something covering 0.2% of the picture is
        m.put("overlay", runMaxOverlay >= BlackPicture.OVERLAY_PRESENT);
        m.put("overlayArea", Details.round(runMaxOverlay, 4));
        return m;
    }
}
