package dev.vigil.worker.detect.audio;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.AudioBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Digital clipping: runs of consecutive samples at or beyond full scale.
 *
 * <p><b>Measure.</b> A sample is clipped when {@code |x| >= level}, {@code level} given as {@code levelDb}
 * (default -0.01 dBFS, 0.9989); a clipped run is at least {@code minRunSamples} (default 3) consecutive clipped
 * samples of one channel (runs continue across blocks). A single full-scale sample, or a loud but unclipped
 * signal (a sine peaking at -0.5 dBFS), is no run. FFmpeg has no clipping detector; the closest readings are
 * {@code astats}' "Peak count"/"Flat factor" (consecutive samples at the peak level) — this is the same idea
 * with a fixed full-scale level. Float decoders may overshoot 1.0 on clipped material, which still counts.
 *
 * <p><b>Condition.</b> Evaluated on consecutive 50 ms windows (of samples, across blocks): a window shows
 * clipping when a run completed in it (reached {@code minRunSamples}) and at least {@code minRunsPerSecond}
 * (default 1) runs completed in the last second. Clipping is audible at once, so the default
 * {@code raiseSec} is 0 (a defect opens on the first clipped window); {@code clearSec} (default 0.5 s) bridges
 * the gaps between clipped peaks of a distorted passage so that it is one defect. Note that a non-zero
 * {@code raiseSec} requires clipping in every 50 ms window for that long. The interval starts at the first
 * clipped sample and ends after the last clipped run.
 *
 * <p>Detail: {@code runs} (clipped runs during the defect), {@code maxRunSamples}, {@code channels}
 * (indexes with runs), {@code levelDb}. Severity MINOR.
 */
public final class ClippingDetector implements Detector {

    public static final DetectorSettings DEFAULTS = new DetectorSettings(true, Severity.MINOR, 0.0, 0.5,
            Map.of("levelDb", -0.01, "minRunSamples", 3.0, "minRunsPerSecond", 1.0));

    private static final double WINDOW_SEC = 0.05;
    private static final int WINDOWS_PER_SECOND = 20;

    private final DefectGate gate;
    private final double levelDb;
    private final float level;
    private final int minRun;
    private final double minRunsPerSecond;
    private final Supplier<Map<String, Object>> detail = this::detail;

    private int sampleRate;
    private int channels;
    private int windowLength;
    private int windowFill;
    private double windowStart;
    private int[] runLength = new int[0];

    // current window
    private int windowRuns;
    private int windowMaxRun;
    private long windowChannels;
    private double windowFirstRun = Double.NaN;
    private double windowLastRunEnd = Double.NaN;
    private double previousLastRunEnd = Double.NaN;
    private boolean previousCondition;

    private final int[] recentRuns = new int[WINDOWS_PER_SECOND];
    private int recentHead;
    private int recentSum;

    // current defect (or pending condition)
    private int eventRuns;
    private int eventMaxRun;
    private long eventChannels;

    public ClippingDetector(DetectorSettings settings, DefectSink sink) {
        this.levelDb = settings.threshold("levelDb");
        this.level = (float) AudioDetail.fromDb(levelDb);
        this.minRun = Math.max(1, (int) Math.round(settings.threshold("minRunSamples")));
        this.minRunsPerSecond = settings.threshold("minRunsPerSecond");
        this.gate = new DefectGate(DefectType.CLIPPING, settings, sink);
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.CLIPPING);
    }

    @Override
    public void onAudio(AudioBlock block) {
        if (block.channelCount() == 0 || block.length() == 0) {
            return;
        }
        if (block.sampleRate() != sampleRate || block.channelCount() != channels) {
            sampleRate = block.sampleRate();
            channels = block.channelCount();
            windowLength = Math.max(1, (int) Math.round(WINDOW_SEC * sampleRate));
            runLength = new int[channels];
            windowFill = 0;
        }
        float[][] x = block.channels();
        int pos = 0;
        int len = block.length();
        final float lvl = level;
        while (pos < len) {
            if (windowFill == 0) {
                windowStart = block.timeOf(pos);
            }
            int n = Math.min(len - pos, windowLength - windowFill);
            for (int c = 0; c < channels; c++) {
                float[] ch = x[c];
                int run = runLength[c];
                for (int i = pos, end = pos + n; i < end; i++) {
                    float v = ch[i];
                    if (v >= lvl || v <= -lvl) {
                        run++;
                        if (run >= minRun) {
                            runSample(block, c, i, run);
                        }
                    } else {
                        run = 0;
                    }
                }
                runLength[c] = run;
            }
            windowFill += n;
            pos += n;
            if (windowFill == windowLength) {
                completeWindow();
            }
        }
    }

    /** Sample {@code i} of channel {@code c} extends (or completes) a clipped run of {@code run} samples. */
    private void runSample(AudioBlock block, int c, int i, int run) {
        if (run == minRun) {
            windowRuns++;
            double start = block.timeOf(i - minRun + 1);
            if (Double.isNaN(windowFirstRun) || start < windowFirstRun) {
                windowFirstRun = start;
            }
        }
        if (run > windowMaxRun) {
            windowMaxRun = run;
        }
        windowChannels |= 1L << Math.min(c, 63);
        double end = block.timeOf(i + 1);
        if (Double.isNaN(windowLastRunEnd) || end > windowLastRunEnd) {
            windowLastRunEnd = end;
        }
    }

    private void completeWindow() {
        // a window is clipped when a run completed in it or a run from an earlier window goes on in it
        boolean clipped = windowMaxRun > 0;
        int counted = clipped ? Math.max(1, windowRuns) : 0;
        recentSum -= recentRuns[recentHead];
        recentRuns[recentHead] = counted;
        recentSum += counted;
        recentHead = (recentHead + 1) % WINDOWS_PER_SECOND;

        boolean condition = clipped && recentSum >= minRunsPerSecond;
        if (clipped && (condition || gate.isOpen())) {
            eventRuns += windowRuns;
            eventMaxRun = Math.max(eventMaxRun, windowMaxRun);
            eventChannels |= windowChannels;
        }
        double t;
        if (condition) {
            t = Double.isNaN(windowFirstRun) ? windowStart : windowFirstRun;
        } else if (previousCondition && !Double.isNaN(previousLastRunEnd)) {
            t = previousLastRunEnd; // the clipping ended with the last clipped sample
        } else {
            t = windowStart;
        }
        gate.update(t, condition, detail);
        if (!condition && !gate.isOpen()) {
            eventRuns = 0;
            eventMaxRun = 0;
            eventChannels = 0;
        }
        previousCondition = condition;
        previousLastRunEnd = windowLastRunEnd;
        windowFill = 0;
        windowRuns = 0;
        windowMaxRun = 0;
        windowChannels = 0;
        windowFirstRun = Double.NaN;
        windowLastRunEnd = Double.NaN;
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, detail);
    }

    private Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("runs", eventRuns);
        d.put("maxRunSamples", eventMaxRun);
        d.put("channels", AudioDetail.channels(eventChannels));
        d.put("levelDb", AudioDetail.db(levelDb));
        return d;
    }
}
