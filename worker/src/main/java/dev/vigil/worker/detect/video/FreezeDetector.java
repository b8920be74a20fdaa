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
 * Frozen picture: the luma thumbnail stops changing. FFmpeg equivalent: {@code freezedetect=n=0.001:d=2}
 * (−60 dB), measured here on the {@link LumaThumbnail} instead of every pixel.
 *
 * <p>Like freezedetect, each frame is compared with a <em>reference</em> frame, the first frame of the current
 * still run (so a very slow fade does not pass as frozen), by the mean absolute difference of the thumbnail
 * cells, in fixed point and normalised to the 8-bit range (0..1).
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #NOISE} (default 0.001, ≈0.26 levels): a frame whose difference is at most this is the same
 * picture. The value is on the <em>thumbnail</em> scale: a cell is the mean of 16 samples, which divides
 * independent per-pixel noise by 4. Fresh grain of sigma 2 (3) levels per frame still gives ≈0.0022
 * (0.0033) here, 2.2× (3.3×) above the threshold, so a still scene with grain is not frozen; codec-like
 * noise on a repeated picture (±1 on 5% of the pixels) gives ≈0.0002, 5× below. FFmpeg's per-pixel
 * {@code n} sees 4× more noise, so the same {@code n} is stricter about grain there.</li>
 * <li>{@value #KEYFRAME_NOISE} (default 0.004, ≈1 level): the largest difference of an <em>isolated</em> step
 * still taken as the same frozen picture, such as a keyframe re-encoding it. A step is isolated when the
 * frame before it was frozen and no other step came within {@code max(clearSec, 0.5 s)} before it. The
 * following frames may match either the old reference or the stepped frame (which then becomes the
 * reference). Grain steps on every frame, so it is never isolated.</li>
 * <li>{@value #CHANGED_CELLS} (default 0.2): besides a small difference, at most this share of the cells may
 * have changed at all since the previous frame. Faint grain in a dark still scene (difference ≈0.0004, below {@code noise}) still
 * changes 30–40% of the cells on every frame and is not frozen; an encoder repeating a picture changes
 * none, and its refinement passes touch under 10%.</li>
 * </ul>
 * A still picture that is black by the black detector's default thresholds is not reported as frozen
 * (FFmpeg would report both); it is a black defect.
 * Defaults: raise after 2 s, clear after 0.5 s of change, severity major. The defect starts at the first
 * repeated frame and ends at the first changed one. Detail: {@code meanDifference} and {@code maxDifference}
 * of the frozen frames (0..1 of the 8-bit range).
 */
public final class FreezeDetector implements Detector {

    public static final String NOISE = "noise";
    public static final String KEYFRAME_NOISE = "keyframeNoise";
    public static final String CHANGED_CELLS = "changedCells";

    public static final DetectorSettings DEFAULTS = new DetectorSettings(true, Severity.MAJOR, 2.0, 0.5,
            Map.of(NOISE, 0.001, KEYFRAME_NOISE, 0.004, CHANGED_CELLS, 0.2));

    private static final double MIN_STEP_SPACING_SEC = 0.5;

    /** Pictures further apart than this (economy, keyframes decoding): edges half-way through the gap. */
    private static final double SPARSE_SEC = 0.1;

    private final DefectGate gate;
    private final double noise;
    private final double keyframeNoise;
    private final double changedCells;
    private final double keyPairNoise;
    private LumaThumbnail previous;
    private LumaThumbnail beforeStep;
    private final double stepSpacing;

    private LumaThumbnail reference;
    /** A tolerated isolated step: the next frames may match it instead of {@link #reference}. */
    private LumaThumbnail stepped;
    private boolean previousFrozen;
    private boolean previousKey;
    private boolean reportedFrozen;
    private double previousSec = Double.NaN;
    private double lastStepSec = Double.NaN;

    private double runSum;
    private double runMax;
    private int runFrames;

    public FreezeDetector(DetectorSettings settings, DefectSink sink) {
        this.gate = new DefectGate(DefectType.FREEZE, settings, sink).sparseAfter(SPARSE_SEC);
        this.noise = settings.threshold(NOISE);
        this.keyframeNoise = settings.threshold(KEYFRAME_NOISE);
        this.changedCells = settings.threshold(CHANGED_CELLS);
        // between noise and keyframeNoise (0.002 by default): a frozen grainy picture re-encoded a GOP later differs
        // by about 0.001, fresh grain of sigma 3 or more by 0.003 or more
        this.keyPairNoise = Math.sqrt(noise * keyframeNoise);
        this.stepSpacing = Math.max(settings.clearSec(), MIN_STEP_SPACING_SEC);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.FREEZE);
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        LumaThumbnail thumb = frame.thumbnail();
        double t = frame.ptsSec();
        if (reference == null || reference.width() != thumb.width() || reference.height() != thumb.height()) {
            reference = thumb;
            previous = thumb;
            stepped = null;
            previousFrozen = false;
            previousKey = frame.decode().key();
            lastStepSec = t;
            update(t, false, 0);
            return;
        }
        double d = difference(reference, thumb);
        boolean frozen;
        // keyframes decoding: nothing but key pictures a GOP apart, each re-quantised by the encoder (every cell
        // changes a little), so two of them are the same picture when they differ by less than keyPairNoise
        boolean keyAfterKey = frame.decode().key() && previousKey;
        previousKey = frame.decode().key();
        // grain changes much of the picture on every frame; a frozen picture changes little from one frame
        // to the next, even while the encoder is still refining it
        // (after a tolerated step the next frame may follow the step or the picture before it)
        LumaThumbnail before = previous;
        LumaThumbnail beforeThisStep = beforeStep;
        previous = thumb;
        beforeStep = null;
        if (d <= noise && fewCellsChanged(before, beforeThisStep, thumb)) {
            frozen = true;
            stepped = null;
        } else if (stepped != null && difference(stepped, thumb) <= noise
                && fewCellsChanged(before, beforeThisStep, thumb)) {
            // the tolerated step persisted (later frames predicted from the keyframe): it is the new reference
            frozen = true;
            d = difference(stepped, thumb);
            reference = stepped;
            stepped = null;
        } else if (((previousFrozen && d <= keyframeNoise) || (keyAfterKey && d <= keyPairNoise))
                && t - lastStepSec >= stepSpacing) {
            frozen = true;
            stepped = thumb;
            beforeStep = before;
            lastStepSec = t;
        } else {
            frozen = false;
            reference = thumb;
            stepped = null;
            lastStepSec = t;
        }
        previousFrozen = frozen;
        // a still black picture is the black detector's defect; reporting it twice would only add noise
        update(t, frozen && !BlackDetector.isBlackByDefault(thumb), d);
    }

    private void update(double t, boolean frozen, double d) {
        if (frozen && !reportedFrozen && t - previousSec > SPARSE_SEC) {
            // pictures a gap apart (economy, keyframes decoding): the still run began with the previous picture
            gate.update(previousSec, true, this::detail);
        }
        reportedFrozen = frozen;
        previousSec = t;
        if (frozen) {
            runSum += d;
            runMax = Math.max(runMax, d);
            runFrames++;
        }
        gate.update(t, frozen, this::detail);
        if (!frozen && !gate.isOpen()) {
            runSum = 0;
            runMax = 0;
            runFrames = 0;
        }
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, this::detail);
        runSum = 0;
        runMax = 0;
        runFrames = 0;
        previousFrozen = false;
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meanDifference", Details.round(runFrames == 0 ? 0 : runSum / runFrames, 6));
        m.put("maxDifference", Details.round(runMax, 6));
        return m;
    }

    /** Mean absolute difference of the cells, as a fraction of the 8-bit range. */
    /** Evaluated only for frames that are otherwise still: moving pictures never pay for it. */
    private boolean fewCellsChanged(LumaThumbnail before, LumaThumbnail beforeThisStep, LumaThumbnail thumb) {
        return before == null || changedFraction(before, thumb) <= changedCells
                || (beforeThisStep != null && changedFraction(beforeThisStep, thumb) <= changedCells);
    }

    /**
     * Share of cells whose mean changed at all (by 1/16 level or more). Grain changes most cells on every
     * frame, however faint; a repeated picture changes none, and codec refinement of a frozen picture only
     * the blocks being refined.
     */
    static double changedFraction(LumaThumbnail a, LumaThumbnail b) {
        int[] x = a.cells();
        int[] y = b.cells();
        int changed = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                changed++;
            }
        }
        return x.length == 0 ? 0 : changed / (double) x.length;
    }

    static double difference(LumaThumbnail a, LumaThumbnail b) {
        int[] x = a.cells();
        int[] y = b.cells();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs(x[i] - y[i]);
        }
        return x.length == 0 ? 0 : sum / (double) x.length / LumaThumbnail.SCALE / 255.0;
    }
}
