package dev.vigil.worker.detect.audio;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.AudioBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Digital clipping, also after a lossy codec. Audio clipped before an encoder does not reach a decoder's output as
 * flat runs at full scale: AAC, AC-3, E-AC-3, MP2 and Opus rebuild the flattened peaks with their own ripple, so the
 * decoded wave wobbles around full scale and overshoots it. Two kinds of evidence are taken, on consecutive 50 ms
 * windows (of samples, across blocks):
 *
 * <p><b>Flat runs</b> (PCM, or a decoder that saturates): at least {@code minRunSamples} (default 3) consecutive
 * identical samples of one channel at or beyond {@code levelDb} (default -0.01 dBFS). A window with such a run shows
 * clipping when at least {@code minRunsPerSecond} (default 1) runs completed in the last second.
 *
 * <p><b>Shape</b> (lossy codecs): the wave is smoothed ({@code [1 2 1]/4}, which takes out most of a codec's ripple
 * near its cut-off) and a window shows clipping when at least {@code nearShare} (default 0.02) of its samples are
 * near full scale (at or above {@code nearLevelDb}, default -1 dBFS: flattened peaks spend their time there), and
 * some are at full scale: at least {@code fullShare} (default 0.005) at or above {@code fullLevelDb} (default
 * -0.5 dBFS), or a decoded sample beyond full scale (the codec overshooting a flattened peak). The shape must show in
 * at least {@code minWindowsPerSecond} (default 2) of the last 20 windows: clipping is sustained, a transient
 * overshoot is not. A loud, clean master whose limiter holds the peaks near -1 dBFS spends under 1% of its time
 * near full scale and does not reach it; a sine peaking at -0.5 dBFS is not near enough.
 *
 * <p>FFmpeg has no clipping detector; the closest readings are {@code astats}' "Peak count" / "Flat factor"
 * (consecutive samples at the peak level), the flat-run test here.
 *
 * <p><b>Condition.</b> Clipping is audible at once, so the default {@code raiseSec} is 0 (a defect opens on the first
 * clipped window); {@code clearSec} (default 0.5 s) bridges the gaps between clipped peaks of a distorted passage so
 * that it is one defect. Note that a non-zero {@code raiseSec} requires clipping in every 50 ms window for that long.
 * The interval starts at the first clipped (or near-full-scale) sample and ends after the last.
 *
 * <p>Detail: {@code runs} (flat runs during the defect), {@code maxRunSamples}, {@code nearShare} (the largest share
 * of a window's samples near full scale), {@code overs} (decoded samples beyond full scale), {@code channels}
 * (indexes with evidence), {@code levelDb}. Severity MINOR.
 */
public final class ClippingDetector implements Detector {

    public static final DetectorSettings DEFAULTS = new DetectorSettings(
            true,
            Severity.MINOR,
            0.0,
            0.5,
            Map.of(
                    "levelDb",
                    -0.01,
                    "minRunSamples",
                    3.0,
                    "minRunsPerSecond",
                    1.0,
                    "nearLevelDb",
                    -1.0,
                    "nearShare",
                    0.02,
                    "fullLevelDb",
                    -0.5,
                    "fullShare",
                    0.005,
                    "minWindowsPerSecond",
                    2.0));

    private static final double WINDOW_SEC = 0.05;
    private static final int WINDOWS_PER_SECOND = 20;

    private final DefectGate gate;
    private final double levelDb;
    private final float level;
    private final int minRun;
    private final double minRunsPerSecond;
    private final float nearLevel;
    private final double nearShare;
    private final float fullLevel;
    private final double fullShare;
    private final double minWindowsPerSecond;
    private final Supplier<Map<String, Object>> detail = this::detail;

    private int sampleRate;
    private int channels;
    private int windowLength;
    private int windowFill;
    private double windowStart;
    private int[] runLength = new int[0];
    private float[] previous = new float[0];
    private float[] smooth1 = new float[0];
    private float[] smooth2 = new float[0];

    // current window
    private int windowRuns;
    private int windowMaxRun;
    private int windowNear;
    private int windowFull;
    private int windowOvers;
    private long windowChannels;
    private double windowFirst = Double.NaN;
    private double windowLast = Double.NaN;
    private double previousLast = Double.NaN;
    private boolean previousCondition;

    private final int[] recentRuns = new int[WINDOWS_PER_SECOND];
    private final boolean[] recentShape = new boolean[WINDOWS_PER_SECOND];
    /** First near-full-scale sample of each recent window with the shape (NaN for the others). */
    private final double[] recentShapeStart = new double[WINDOWS_PER_SECOND];

    private int recentHead;
    private int recentRunSum;
    private int recentShapeSum;

    // current defect (or pending condition)
    private int eventRuns;
    private int eventMaxRun;
    private double eventNearShare;
    private int eventOvers;
    private long eventChannels;

    public ClippingDetector(DetectorSettings settings, DefectSink sink) {
        this.levelDb = settings.threshold("levelDb");
        this.level = (float) AudioDetail.fromDb(levelDb);
        this.minRun = Math.max(1, (int) Math.round(settings.threshold("minRunSamples")));
        this.minRunsPerSecond = settings.threshold("minRunsPerSecond");
        this.nearLevel = (float) AudioDetail.fromDb(settings.threshold("nearLevelDb"));
        this.nearShare = settings.threshold("nearShare");
        this.fullLevel = (float) AudioDetail.fromDb(settings.threshold("fullLevelDb"));
        this.fullShare = settings.threshold("fullShare");
        this.minWindowsPerSecond = settings.threshold("minWindowsPerSecond");
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
            previous = new float[channels];
            smooth1 = new float[channels];
            smooth2 = new float[channels];
            windowFill = 0;
        }
        float[][] x = block.channels();
        int pos = 0;
        int len = block.length();
        while (pos < len) {
            if (windowFill == 0) {
                windowStart = block.timeOf(pos);
            }
            int n = Math.min(len - pos, windowLength - windowFill);
            for (int c = 0; c < channels; c++) {
                scan(block, c, x[c], pos, pos + n);
            }
            windowFill += n;
            pos += n;
            if (windowFill == windowLength) {
                completeWindow();
            }
        }
    }

    /** Samples {@code [from, to)} of channel {@code c}. */
    private void scan(AudioBlock block, int c, float[] ch, int from, int to) {
        // most audio never comes near full scale: then only the smoothing history moves on
        float peak = 0;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(ch[i]));
        }
        float s1 = smooth1[c];
        float s2 = smooth2[c];
        if (peak < nearLevel && Math.abs(s1) < nearLevel && Math.abs(s2) < nearLevel) {
            runLength[c] = 0;
            if (to - from >= 2) {
                smooth2[c] = ch[to - 2];
                smooth1[c] = ch[to - 1];
            } else {
                smooth2[c] = s1;
                smooth1[c] = ch[from];
            }
            previous[c] = ch[to - 1];
            return;
        }
        int run = runLength[c];
        float prev = previous[c];
        for (int i = from; i < to; i++) {
            float v = ch[i];
            float a = Math.abs(v);
            // flat runs: identical samples at the level
            if (a >= level && v == prev) {
                run++;
                if (run + 1 >= minRun) {
                    flatRunSample(block, c, i, run + 1);
                }
            } else {
                run = 0;
            }
            prev = v;
            if (a > 1.0f) {
                windowOvers++;
                windowChannels |= 1L << Math.min(c, 63);
            }
            // shape: the smoothed sample centred on the previous one
            float sm = Math.abs((s2 + 2 * s1 + v) * 0.25f);
            s2 = s1;
            s1 = v;
            if (sm >= nearLevel) {
                windowNear++;
                if (sm >= fullLevel) {
                    windowFull++;
                }
                mark(block.timeOf(i - 1), block.timeOf(i));
                windowChannels |= 1L << Math.min(c, 63);
            }
        }
        runLength[c] = run;
        previous[c] = prev;
        smooth1[c] = s1;
        smooth2[c] = s2;
    }

    /**
     * Sample {@code i} of channel {@code c} extends (or completes) a flat run of {@code run} samples (the first of
     * which is the sample before the repeats began).
     */
    private void flatRunSample(AudioBlock block, int c, int i, int run) {
        if (run == minRun) {
            windowRuns++;
        }
        if (run > windowMaxRun) {
            windowMaxRun = run;
        }
        windowChannels |= 1L << Math.min(c, 63);
        mark(block.timeOf(i - run + 1), block.timeOf(i + 1));
    }

    private void mark(double start, double end) {
        if (Double.isNaN(windowFirst) || start < windowFirst) {
            windowFirst = start;
        }
        if (Double.isNaN(windowLast) || end > windowLast) {
            windowLast = end;
        }
    }

    private void completeWindow() {
        // flat runs: a run completed in this window or a run from an earlier window goes on in it
        boolean flat = windowMaxRun > 0;
        int counted = flat ? Math.max(1, windowRuns) : 0;
        double samples = (double) windowLength * channels;
        double near = windowNear / samples;
        boolean shape = near >= nearShare && (windowFull >= fullShare * samples || windowOvers > 0);

        recentRunSum += counted - recentRuns[recentHead];
        recentRuns[recentHead] = counted;
        recentShapeSum += (shape ? 1 : 0) - (recentShape[recentHead] ? 1 : 0);
        recentShape[recentHead] = shape;
        recentShapeStart[recentHead] = shape ? windowFirst : Double.NaN;
        recentHead = (recentHead + 1) % WINDOWS_PER_SECOND;

        boolean condition =
                (flat && recentRunSum >= minRunsPerSecond) || (shape && recentShapeSum >= minWindowsPerSecond);
        if ((flat || shape) && (condition || gate.isOpen())) {
            eventRuns += windowRuns;
            eventMaxRun = Math.max(eventMaxRun, windowMaxRun);
            eventNearShare = Math.max(eventNearShare, near);
            eventOvers += windowOvers;
            eventChannels |= windowChannels;
        }
        double t;
        if (condition) {
            t = Double.isNaN(windowFirst) ? windowStart : windowFirst;
            if (!previousCondition && !gate.isOpen()) {
                // sustained clipping began with the earliest window of the last second that showed it
                for (double start : recentShapeStart) {
                    t = Double.isNaN(start) ? t : Math.min(t, start);
                }
            }
        } else if (previousCondition && !Double.isNaN(previousLast)) {
            t = previousLast; // the clipping ended with the last clipped sample
        } else {
            t = windowStart;
        }
        gate.update(t, condition, detail);
        if (!condition && !gate.isOpen()) {
            eventRuns = 0;
            eventMaxRun = 0;
            eventNearShare = 0;
            eventOvers = 0;
            eventChannels = 0;
        }
        previousCondition = condition;
        previousLast = windowLast;
        windowFill = 0;
        windowRuns = 0;
        windowMaxRun = 0;
        windowNear = 0;
        windowFull = 0;
        windowOvers = 0;
        windowChannels = 0;
        windowFirst = Double.NaN;
        windowLast = Double.NaN;
    }

    @Override
    public void finish(double endSec) {
        gate.finish(endSec, detail);
    }

    private Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("runs", eventRuns);
        d.put("maxRunSamples", eventMaxRun);
        d.put("nearShare", Math.round(eventNearShare * 1000) / 1000.0);
        d.put("overs", eventOvers);
        d.put("channels", AudioDetail.channels(eventChannels));
        d.put("levelDb", AudioDetail.db(levelDb));
        return d;
    }
}
