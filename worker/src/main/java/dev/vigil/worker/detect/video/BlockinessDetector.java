package dev.vigil.worker.detect.video;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.BlockingMeasure;
import dev.vigil.worker.media.FrameAnalyzer;
import dev.vigil.worker.media.VideoFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Visible coding blocks, from the {@link BlockingMeasure} the {@link FrameAnalyzer} takes on a few frames per
 * second (frames without one are skipped). The score compares luma steps across the 8×8 grid lines (16×16
 * macroblock edges included) with steps half-way between them: about 1 for clean content, higher when
 * blocks are flat inside and step at their borders (see {@code BlockingMeter} for the measurement).
 * FFmpeg equivalent: {@code blockdetect=period_min=3:period_max=24:planes=1}, which searches every period on
 * every pixel; this one assumes the 8-pixel grid at the picture origin and samples rows and frames.
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #SCORE} (default 2.0): a measured frame is blocky when its score is above this. Clean synthetic
 * and textured content scores 0.9–1.1, a smooth picture quantised to per-block means scores 5 or more, and
 * mild blocking (small steps over remaining texture) 1.5–3.</li>
 * </ul>
 * Defaults: raise after 1 s of blocky measurements, clear after 1 s without, severity minor (the picture is
 * degraded, not lost). Detail: {@code score} (mean over the defect), {@code peakScore}.
 *
 * <p>Limitation: content whose own sharp edges lie on the grid at every 8 or 16 pixels (8/16 px checkerboards,
 * some tiled graphics) is indistinguishable from blocking and scores high; edges on the grid only every
 * 24 px or more (a 64 px checkerboard, boxes) do not count.
 */
public final class BlockinessDetector implements Detector {

    public static final String SCORE = "score";

    public static final DetectorSettings DEFAULTS = new DetectorSettings(true, Severity.MINOR, 1.0, 1.0,
            Map.of(SCORE, 2.0));

    private final DefectGate gate;
    private final double threshold;

    private double runSum;
    private double runPeak;
    private int runCount;

    public BlockinessDetector(DetectorSettings settings, DefectSink sink) {
        this.gate = new DefectGate(DefectType.BLOCKINESS, settings, sink);
        this.threshold = settings.threshold(SCORE);
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
        boolean blocky = m.score() > threshold;
        if (blocky) {
            runSum += m.score();
            runPeak = Math.max(runPeak, m.score());
            runCount++;
        }
        gate.update(frame.ptsSec(), blocky, this::detail);
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
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", Details.round(runCount == 0 ? 0 : runSum / runCount, 2));
        m.put("peakScore", Details.round(runPeak, 2));
        return m;
    }
}
