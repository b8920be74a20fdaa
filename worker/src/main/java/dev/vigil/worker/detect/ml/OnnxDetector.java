package dev.vigil.worker.detect.ml;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.media.LumaImage;
import dev.vigil.worker.media.LumaSampling;
import dev.vigil.worker.media.VideoFeatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an ONNX model ({@link ModelRuntime}, shared by all streams of the worker) on a few frames per second of
 * one stream and turns its scores into {@code model:<name>} defects through the usual {@link DefectGate}.
 *
 * <p>The decode thread makes the downscaled luma image ({@link LumaSampling}; for a two-frame model with the
 * image of the frame decoded just before it attached); this detector, on the detector
 * pool, only queues it for the model's inference thread and returns. Scores come back asynchronously and are
 * applied, in media-time order, on the detector's next call (or at {@link #finish}, which waits for the samples
 * still in flight). When the model falls behind, samples are dropped (counted in the defect detail as
 * {@code droppedSamples}); decoding never waits for inference.
 *
 * <h2>Thresholds</h2>
 * <ul>
 * <li>{@value #SCORE}: a sampled frame shows the defect when the model's score is at least this (default: the
 * model's contract threshold).</li>
 * <li>{@value #SAMPLES_PER_SEC} (default {@value #DEFAULT_SAMPLES_PER_SEC}): frames per media second given to
 * the model; the CPU cost scales with it.</li>
 * </ul>
 * Defaults: raise after 1 s, clear after 1 s, severity major.
 */
public final class OnnxDetector implements Detector {

    public static final String SCORE = "score";
    public static final String SAMPLES_PER_SEC = "samplesPerSec";
    public static final double DEFAULT_SAMPLES_PER_SEC = 2.0;
    /** How long {@link #finish} waits for samples still being scored. */
    static final long FINISH_WAIT_MS = 10_000;

    private record Scored(double ptsSec, double score, String error) {}

    private final DetectorName name;
    private final ModelRuntime runtime;
    private final DefectGate gate;
    private final double threshold;
    private final double interval;
    private final ConcurrentLinkedQueue<Scored> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private double nextSamplePts = Double.NEGATIVE_INFINITY;
    private double runSum;
    private double runPeak;
    private int runCount;
    private String lastError;

    public OnnxDetector(ModelRuntime runtime, DetectorSettings settings, DefectSink sink) {
        this.name = DetectorName.model(runtime.name());
        this.runtime = runtime;
        this.gate = new DefectGate(name, settings, sink);
        this.threshold = settings.threshold(SCORE);
        double rate = settings.threshold(SAMPLES_PER_SEC);
        if (!(rate > 0)) {
            throw new IllegalArgumentException(name + ": " + SAMPLES_PER_SEC + " must be > 0");
        }
        this.interval = 1 / rate;
    }

    /** Default settings of a model detector with this contract. */
    public static DetectorSettings defaults(ModelContract contract, double raiseSec, double clearSec) {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(SCORE, contract.threshold());
        t.put(SAMPLES_PER_SEC, DEFAULT_SAMPLES_PER_SEC);
        return new DetectorSettings(true, Severity.MAJOR, raiseSec, clearSec, t);
    }

    @Override
    public DetectorName type() {
        return name;
    }

    @Override
    public LumaSampling lumaSampling() {
        ModelContract c = runtime.contract();
        return new LumaSampling(c.width(), c.height(), 1 / interval, c.frames() == 2);
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        applyScores();
        ModelContract c = runtime.contract();
        LumaImage image = frame.image(c.width(), c.height());
        if (image == null || !due(frame.ptsSec())) {
            return;
        }
        double pts = frame.ptsSec();
        inFlight.incrementAndGet();
        boolean queued = runtime.submit(image, new ModelRuntime.ScoreListener() {
            @Override
            public void scored(double score) {
                done.add(new Scored(pts, score, null));
                inFlight.decrementAndGet();
            }

            @Override
            public void failed(String message) {
                done.add(new Scored(pts, Double.NaN, message));
                inFlight.decrementAndGet();
            }
        });
        if (!queued) {
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    private boolean due(double pts) {
        if (pts >= nextSamplePts - 1e-3 || pts < nextSamplePts - 2 * interval) {
            nextSamplePts = pts + interval;
            return true;
        }
        return false;
    }

    /** Applies the scores that came back, oldest first (one inference thread per model keeps them in order). */
    private void applyScores() {
        for (Scored s; (s = done.poll()) != null; ) {
            if (s.error() != null) {
                lastError = s.error();
                continue;
            }
            boolean bad = s.score() >= threshold;
            if (bad) {
                runSum += s.score();
                runPeak = Math.max(runPeak, s.score());
                runCount++;
            }
            gate.update(s.ptsSec(), bad, this::detail);
            if (!bad && !gate.isOpen()) {
                runSum = 0;
                runPeak = 0;
                runCount = 0;
            }
        }
    }

    @Override
    public void finish(double endSec) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FINISH_WAIT_MS);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        applyScores();
        gate.finish(endSec, this::detail);
    }

    /** Samples this stream lost because the model's queue was full. */
    public long droppedSamples() {
        return dropped.get();
    }

    /** The last inference error, or null. */
    public String lastError() {
        return lastError;
    }

    private Map<String, Object> detail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", Math.round((runCount == 0 ? 0 : runSum / runCount) * 1000) / 1000.0);
        m.put("peakScore", Math.round(runPeak * 1000) / 1000.0);
        m.put("droppedSamples", dropped.get());
        return m;
    }
}
