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
 * Frozen programme: the picture stops changing, except perhaps for the channel's live graphics and fresh noise.
 * FFmpeg's nearest equivalent is {@code freezedetect=n=0.001:d=2}, which compares whole pictures and so misses a
 * freeze under a running clock or ticker, or under grain added after the freeze.
 *
 * <h2>Measure</h2>
 * The picture is judged in {@link StillBlocks blocks} of 4×4 thumbnail cells (32×32 pixels), each compared with
 * the picture as it was when it last changed: the block has <em>changed</em> when its mean luma moved by more
 * than {@value #BLOCK_CHANGE} or its cells moved on average by more than {@value #DETAIL_CHANGE} (see
 * {@link StillBlocks}). A block averages 256 samples, so fresh grain or re-encoding noise of a few levels, which is
 * independent from pixel to pixel and frame to frame, averages out in it, while anything that really moves — a
 * subject, a pan, a change of light — shifts whole blocks. A frame is <em>still</em> when
 * <ul>
 * <li>no block of the programme area changed (the centre of the picture: 15–85% of the width, 17–78% of the
 * height; at most {@value #CENTRE_TOLERANCE} of its blocks, for large pictures), and</li>
 * <li>at most {@value #MOVING_AREA} of the whole picture changed: the outer band where channels draw clocks,
 * tickers, logos and bugs may go on moving.</li>
 * </ul>
 * A news layout is not a freeze: its presenter moves in the programme area. Nor is a slow pan or a still shot of a
 * live camera: their small changes add up against the picture of the last change within a fraction of a second.
 * A picture frozen under fresh noise is a freeze: the noise does not add up.
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #BLOCK_CHANGE} (default 0.006 of the 8-bit range, 1.5 levels): a block's mean luma moving more than
 * this is a change.</li>
 * <li>{@value #DETAIL_CHANGE} (default 0.012, 3 levels): a block whose cells moved on average by more than this
 * changed (texture sliding along, which keeps the block's mean).</li>
 * <li>{@value #MOVING_AREA} (default 0.3): the largest share of the picture that may keep moving (in the outer
 * band) while the programme is frozen.</li>
 * <li>{@value #MINOR_SEC} (default 1 s): a freeze that lasts this long is reported as minor, and escalated to the
 * detector's severity at {@code raiseSec}.</li>
 * </ul>
 * A still picture that is black by the black detector's default thresholds is not reported as frozen (FFmpeg would
 * report both); it is a black defect. Defaults: raise after 2 s, clear after 0.5 s of change, severity major.
 * The defect starts at the first repeated frame and ends at the first changed one. Detail: {@code frozenArea}
 * (share of the picture that stood still, averaged over the defect) and {@code movingArea} (the most that moved,
 * the graphics layer), both 0..1.
 */
public final class FreezeDetector implements Detector {

    public static final String BLOCK_CHANGE = "blockChange";
    public static final String DETAIL_CHANGE = "detailChange";
    public static final String MOVING_AREA = "movingArea";
    public static final String MINOR_SEC = "minorSec";

    /** Share of the programme area's blocks that may change in a still frame (noise outliers in large pictures). */
    static final double CENTRE_TOLERANCE = 0.005;

    public static final DetectorSettings DEFAULTS = new DetectorSettings(
            true,
            Severity.MAJOR,
            2.0,
            0.5,
            Map.of(BLOCK_CHANGE, 0.006, DETAIL_CHANGE, 0.012, MOVING_AREA, 0.3, MINOR_SEC, 1.0));

    /** Pictures further apart than this (economy, keyframes decoding): edges half-way through the gap. */
    private static final double SPARSE_SEC = 0.1;

    private final DefectGate gate;
    private final StillPictures stillness;

    private double runFrozenSum;
    private double runMaxMoving;
    private int runFrames;
    private boolean reportedFrozen;
    private double previousSec = Double.NaN;

    public FreezeDetector(DetectorSettings settings, DefectSink sink) {
        this.gate = new DefectGate(DefectType.FREEZE, settings, settings.threshold(MINOR_SEC), sink)
                .sparseAfter(SPARSE_SEC);
        this.stillness = new StillPictures(settings);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.FREEZE);
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        LumaThumbnail thumb = frame.thumbnail();
        boolean still = stillness.still(thumb, !frame.decode().full());
        double moving = stillness.movingArea();
        // a still black picture is the black detector's defect; reporting it twice would only add noise
        boolean frozen = still && !BlackDetector.isBlackByDefault(thumb);
        if (frozen) {
            runFrozenSum += 1 - moving;
            runMaxMoving = Math.max(runMaxMoving, moving);
            runFrames++;
        }
        double t = frame.ptsSec();
        if (frozen && !reportedFrozen && t - previousSec > SPARSE_SEC) {
            // pictures a gap apart (economy, keyframes decoding): the still run began with the previous picture
            gate.update(previousSec, true, this::detail);
        }
        reportedFrozen = frozen;
        previousSec = t;
        gate.update(t, frozen, this::detail);
        if (!frozen && !gate.isOpen()) {
            resetRun();
        }
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, this::detail);
        resetRun();
    }

    private void resetRun() {
        runFrozenSum = 0;
        runMaxMoving = 0;
        runFrames = 0;
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frozenArea", Details.round(runFrames == 0 ? 0 : runFrozenSum / runFrames, 3));
        m.put("movingArea", Details.round(runMaxMoving, 3));
        return m;
    }
}
