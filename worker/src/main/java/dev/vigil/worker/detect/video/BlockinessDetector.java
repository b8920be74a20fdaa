package dev.vigil.worker.detect.video;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.BlockingMeasure;
import dev.vigil.worker.media.VideoFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Coding damage that shows as blocks: the picture breaks into blocks it did not have. Measured by
 * {@code BlockingMeter} on a few frames per second (frames without a {@link BlockingMeasure} are skipped): the score
 * compares luma steps across the 8×8 grid lines (16×16 macroblock edges included) with steps half-way between them,
 * about 1 for clean content and higher when blocks are flat inside and step at their borders.
 * FFmpeg equivalent: {@code blockdetect=period_min=3:period_max=24:planes=1}, which scores every picture alike.
 *
 * <p><b>Damage, not style.</b> Pixel art, mosaics and low-resolution graphics scaled up with nearest-neighbour are
 * made of blocks too, often on the same grid, and some encoders leave a little blocking on every frame of some
 * content. What tells damage apart:
 * <ul>
 * <li><em>Onset</em>: damage comes to a picture that was clean. The detector keeps the stream's own usual level, its
 * <em>baseline</em>: the medians of the last {@value #BASELINE_SAMPLES} measurements that were not blocky (30 s at 5
 * per second), of the score and of the <em>grid excess</em> — how much the steps across grid lines exceed those
 * between them, per sampled position ({@code (boundary − inner) × activeFraction}), which grows when blocks appear
 * where the picture was smooth even if textured parts keep the score down. A frame is blocky only when its score
 * is {@code onsetRatio} times the baseline's, or its grid excess {@code gridRatio} times the baseline's (plus
 * {@value #GRID_FLOOR}). The first {@value #LEARN_SAMPLES} measurements of a stream only teach the baseline.
 * Blocky graphics on screen from the start are the stream's look; so is a blocky look that stays for more than
 * {@value #LOOK_SEC} s (from then on its measurements count towards the baseline).</li>
 * <li><em>Step size</em>: coding blocks of a starved encoder step by a few levels (the quantiser flattens smooth
 * picture into a staircase), while drawn pixels step from one colour to another. Frames whose grid steps average
 * more than {@code styleStep} levels are graphics.</li>
 * </ul>
 * Encoders alternate better and worse pictures (intra and predicted frames), so the figures compared are the
 * medians of the last {@value #SMOOTH_SAMPLES} measurements (about 1 s; the reported interval lags the picture by
 * about 0.4 s at both ends). Pictures with too little detail to judge
 * (under {@value #MIN_ACTIVE} of the sampled positions show any step: black, flat colour, a smooth gradient) are not
 * blocky, and count as clean towards the baseline.
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #SCORE} (default 1.7): a measured frame is blocky when its (smoothed) score is above this. Clean
 * synthetic and textured content scores 0.9–1.5, a smooth picture quantised to per-block means scores 5 or more,
 * and mild blocking (small steps over remaining texture) 1.5–3.</li>
 * <li>{@value #ONSET_RATIO} (default 1.4) and {@value #GRID_RATIO} (default 2): ... and it rose that far above the
 * stream's baseline (either).</li>
 * <li>{@value #STYLE_STEP} (default 8 levels): ... and its grid steps average at most this.</li>
 * </ul>
 * Defaults: raise after 1 s of blocky measurements, clear after 1 s without, severity minor (the picture is
 * degraded, not lost). Detail: {@code score} (mean over the defect), {@code peakScore}, {@code baseline} (the
 * stream's usual score when the defect opened).
 *
 * <p>Limitations: blocking present from the first frame is taken as the picture's look until it goes away; a cut
 * from clean pictures to blocky graphics with small steps (an upscaled photo, a mosaic) is reported for up to a
 * minute, until it has become the look.
 */
public final class BlockinessDetector implements Detector {

    public static final String SCORE = "score";
    public static final String ONSET_RATIO = "onsetRatio";
    public static final String GRID_RATIO = "gridRatio";
    public static final String STYLE_STEP = "styleStep";

    /** Measurements the baseline is the median of: 30 s at 5 per second. */
    static final int BASELINE_SAMPLES = 150;
    /** Measurements the compared figures are the median of: about 1 s. */
    static final int SMOOTH_SAMPLES = 5;
    /** Measurements at a stream's start that only teach the baseline: about 2 s. */
    static final int LEARN_SAMPLES = 10;
    /** Grid excess (levels per sampled position) a rise must also exceed: noise in the excess of a clean picture. */
    static final double GRID_FLOOR = 0.1;
    /** A blocky run longer than this is the picture's look: its measurements count towards the baseline. */
    static final double LOOK_SEC = 60;
    /** Measurements of pictures with less detail than this say nothing (share of positions with a step). */
    static final double MIN_ACTIVE = 0.05;

    public static final DetectorSettings DEFAULTS = new DetectorSettings(
            true, Severity.MINOR, 1.0, 1.0, Map.of(SCORE, 1.7, ONSET_RATIO, 1.4, GRID_RATIO, 2.0, STYLE_STEP, 8.0));

    private final DefectGate gate;
    private final double threshold;
    private final double onsetRatio;
    private final double gridRatio;
    private final double styleStep;

    private final MedianWindow recentScore = new MedianWindow(SMOOTH_SAMPLES);
    private final MedianWindow recentExcess = new MedianWindow(SMOOTH_SAMPLES);
    private final MedianWindow baselineScore = new MedianWindow(BASELINE_SAMPLES);
    private final MedianWindow baselineExcess = new MedianWindow(BASELINE_SAMPLES);
    private int measured;
    private double blockySince = Double.NaN;

    private double runSum;
    private double runPeak;
    private int runCount;
    private double runBaseline;

    public BlockinessDetector(DetectorSettings settings, DefectSink sink) {
        this.gate = new DefectGate(DefectType.BLOCKINESS, settings, sink);
        this.threshold = settings.threshold(SCORE);
        this.onsetRatio = settings.threshold(ONSET_RATIO);
        this.gridRatio = settings.threshold(GRID_RATIO);
        this.styleStep = settings.threshold(STYLE_STEP);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.BLOCKINESS);
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        BlockingMeasure m = frame.blocking();
        if (m == null) {
            return;
        }
        double t = frame.ptsSec();
        boolean judged = m.activeFraction() >= MIN_ACTIVE;
        // a picture too flat to judge is no sign of blocks: it counts as a clean one
        double score = judged ? m.score() : BlockingMeasure.NEUTRAL.score();
        double excess = judged ? (m.boundaryGradient() - m.innerGradient()) * m.activeFraction() : 0;
        recentScore.add(score);
        recentExcess.add(excess);

        double smoothScore = recentScore.median(score);
        double smoothExcess = recentExcess.median(excess);
        double base = baselineScore.median(BlockingMeasure.NEUTRAL.score());
        double baseExcess = Math.max(0, baselineExcess.median(0));
        boolean onset = smoothScore >= onsetRatio * base || smoothExcess >= gridRatio * baseExcess + GRID_FLOOR;
        boolean blocky = measured >= LEARN_SAMPLES
                && judged
                && smoothScore > threshold
                && onset
                && m.boundaryGradient() <= styleStep;
        measured++;
        if (blocky && Double.isNaN(blockySince)) {
            blockySince = t;
        } else if (!blocky) {
            blockySince = Double.NaN;
        }
        if (!blocky || t - blockySince > LOOK_SEC) {
            baselineScore.add(score);
            baselineExcess.add(excess);
        }
        if (blocky) {
            if (runCount == 0) {
                runBaseline = base;
            }
            runSum += smoothScore;
            runPeak = Math.max(runPeak, score);
            runCount++;
        }
        gate.update(t, blocky, this::detail);
        if (!blocky && !gate.isOpen()) {
            resetRun();
        }
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, this::detail);
        resetRun();
    }

    private void resetRun() {
        runSum = 0;
        runPeak = 0;
        runCount = 0;
        runBaseline = 0;
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", Details.round(runCount == 0 ? 0 : runSum / runCount, 2));
        m.put("peakScore", Details.round(runPeak, 2));
        m.put("baseline", Details.round(runBaseline, 2));
        return m;
    }
}
