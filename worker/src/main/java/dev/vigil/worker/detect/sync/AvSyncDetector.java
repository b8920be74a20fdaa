package dev.vigil.worker.detect.sync;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.DefectGate;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.StreamProbe;
import dev.vigil.worker.detect.sync.AvSyncMeasurement.Method;
import dev.vigil.worker.detect.sync.AvSyncMeasurement.State;
import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.StreamFacts;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Audio/video synchronisation: the offset between sound and picture in ms ({@code offsetMs} = audio minus video,
 * positive when the sound is late), from two paths.
 * <ul>
 *   <li>The <b>timestamp path</b> ({@link TimestampSync}, on the decode thread, a few comparisons per packet): a
 *       track shifted by the muxer, an audio clock drifting against the video's, steps (reported as
 *       {@code avSyncStep} events).</li>
 *   <li>The <b>content path</b> ({@link ContentSync}, on the lane): sound onsets paired with cuts, flashes and
 *       motion onsets over a sliding window; sees offsets baked into the media, which timestamps cannot.</li>
 * </ul>
 * Once a second of media the current offset is: the content path's when it is sure; else the last content estimate
 * moved by what the timestamps did since; else the timestamps' alone; else unknown. A known offset outside the
 * tolerance ({@link SyncTolerance}; default ITU-R BT.1359 acceptability, 90 ms early to 185 ms late) raises an
 * {@code av_sync} defect after {@code raiseSec}; unknown seconds neither raise nor clear it. Every measurement, in
 * tolerance or not, goes out as an {@link AvSyncMeasurement} (status, metrics, report) when it changes noticeably.
 * Detail: {@code offsetMs}, {@code confidence}, {@code method} ({@code content} or {@code timestamps}),
 * {@code driftMsPerMin} where known, {@code sound} ({@code early} or {@code late}).
 */
public final class AvSyncDetector implements Detector, StreamProbe {

    public static final DetectorSettings DEFAULTS = new DetectorSettings(
            true,
            Severity.MAJOR,
            5,
            5,
            Map.of(
                    AvSyncSettings.SOUND_EARLY_MS, SyncTolerance.BT1359_ACCEPTABLE.soundEarlyMs(),
                    AvSyncSettings.SOUND_LATE_MS, SyncTolerance.BT1359_ACCEPTABLE.soundLateMs(),
                    AvSyncSettings.WINDOW_SEC, 15.0,
                    AvSyncSettings.MAX_OFFSET_MS, 1000.0,
                    AvSyncSettings.MIN_PAIRS, 3.0,
                    AvSyncSettings.MIN_CONFIDENCE, 0.5,
                    AvSyncSettings.STEP_MS, 20.0));

    /** Media seconds between evaluations. */
    static final double EVALUATE_SEC = 1.0;
    /** Timestamp readings go to the lane this often (and at once after a step). */
    private static final double READING_SEC = 1.0;
    /** A content estimate this far from the previous one is a new offset, not drift: the drift fit restarts. */
    private static final double DRIFT_RESET_MS = 40;
    /** What counts as a noticeable change, for sending a new measurement. */
    private static final double PUBLISH_OFFSET_MS = 5;

    private static final double PUBLISH_CONFIDENCE = 0.1;
    private static final double PUBLISH_DRIFT = 2;

    private final DefectSink sink;
    private final AvSyncSettings settings;
    private final DefectGate gate;

    // decode thread
    private final TimestampSync timestamps;
    private double nextReadingSec = Double.NEGATIVE_INFINITY;
    private boolean idleSaid;
    private String idleReason;

    // lane
    private final ContentSync content;
    private final DriftFit contentDrift = new DriftFit(600, 60);
    private final DriftFit timestampDrift = new DriftFit(600, 60);
    private TimestampReading reading;
    private double nextEvaluateSec = Double.NEGATIVE_INFINITY;
    private double lastContentMs = Double.NaN;
    private double lastContentSec;
    private double contentConfidence;
    private double timestampsAtContent;
    private AvSyncMeasurement current;
    private AvSyncMeasurement published;
    private AvSyncMeasurement lastOutside;

    public AvSyncDetector(DetectorSettings settings, DefectSink sink) {
        this.sink = sink;
        this.settings = AvSyncSettings.of(settings);
        this.gate = new DefectGate(DefectType.AV_SYNC, settings, sink);
        this.timestamps = new TimestampSync(this.settings.maxOffsetMs());
        this.content = new ContentSync(
                this.settings.windowSec(),
                this.settings.maxOffsetMs(),
                this.settings.minPairs(),
                this.settings.minConfidence());
    }

    @Override
    public DetectorName type() {
        return DetectorName.of(DefectType.AV_SYNC);
    }

    @Override
    public StreamProbe probe() {
        return this;
    }

    // ---- decode thread (StreamProbe) ----

    @Override
    public void onConnected(boolean tapped, StreamFacts facts) {
        timestamps.onConnected(facts);
        idleReason = !facts.hasAudio() && !facts.hasVideo()
                ? "the stream has neither audio nor video"
                : !facts.hasAudio() ? "the stream has no audio" : !facts.hasVideo() ? "the stream has no video" : null;
    }

    @Override
    public void onPacket(Packet packet, double sessionSec) {
        timestamps.onPacket(packet, sessionSec);
    }

    @Override
    public Runnable collect(double sessionSec) {
        if (idleReason != null) {
            if (idleSaid) {
                return null;
            }
            idleSaid = true;
            String reason = idleReason;
            return () -> sink.observed(new Observation.Idle(type(), reason + ": nothing to synchronise"));
        }
        if (sessionSec < nextReadingSec && !timestamps.hasNewSteps()) {
            return null;
        }
        nextReadingSec = sessionSec + READING_SEC;
        TimestampReading r = timestamps.reading(sessionSec);
        return () -> onTimestamps(r);
    }

    // ---- lane ----

    private void onTimestamps(TimestampReading r) {
        reading = r;
        if (!Double.isNaN(r.driftMs())) {
            timestampDrift.add(r.atSec(), r.driftMs());
        }
        for (TimestampReading.Step s : r.steps()) {
            if (Math.abs(s.jumpMs()) >= settings.stepMs()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("jumpMs", Math.round(s.jumpMs()));
                detail.put("timestampOffsetMs", Math.round(r.offsetMs()));
                sink.observed(new Observation.Event(
                        type(),
                        s.atSec(),
                        "avSyncStep",
                        String.format(
                                Locale.ROOT,
                                "audio timestamps jumped %+d ms against the video's",
                                Math.round(s.jumpMs())),
                        detail));
            }
        }
    }

    @Override
    public void onVideo(VideoFeatures frame) {
        content.onVideo(frame);
        maybeEvaluate();
    }

    @Override
    public void onAudio(AudioBlock block) {
        content.onAudio(block);
        maybeEvaluate();
    }

    private void maybeEvaluate() {
        double now = content.heardUpTo();
        if (!(now >= nextEvaluateSec)) {
            return;
        }
        nextEvaluateSec = now + EVALUATE_SEC;
        evaluate(now, false);
    }

    private void evaluate(double now, boolean atEnd) {
        ContentEstimate c = content.estimate(atEnd);
        double timestampMs = reading != null && reading.known() ? reading.offsetMs() : Double.NaN;
        AvSyncMeasurement m;
        if (c != null && c.isKnown()) {
            if (!Double.isNaN(lastContentMs) && Math.abs(c.offsetMs() - lastContentMs) > DRIFT_RESET_MS) {
                contentDrift.clear();
            }
            contentDrift.add(now, c.offsetMs());
            lastContentMs = c.offsetMs();
            lastContentSec = now;
            contentConfidence = c.confidence();
            timestampsAtContent = Double.isNaN(timestampMs) ? 0 : timestampMs;
            m = measured(now, c.offsetMs(), c.confidence(), Method.CONTENT);
        } else if (!Double.isNaN(lastContentMs)) {
            double moved = Double.isNaN(timestampMs) ? 0 : timestampMs - timestampsAtContent;
            // the last window still covers a while; after that, what is known is how the timestamps moved since
            Method method = now - lastContentSec <= settings.windowSec() ? Method.CONTENT : Method.TIMESTAMPS;
            m = measured(now, lastContentMs + moved, contentConfidence, method);
        } else if (!Double.isNaN(timestampMs)) {
            m = measured(now, timestampMs, 1.0, Method.TIMESTAMPS);
        } else {
            m = new AvSyncMeasurement(
                    now,
                    State.UNKNOWN,
                    Double.NaN,
                    0,
                    null,
                    Double.NaN,
                    c == null ? "waiting for both audio and video" : c.reason(),
                    settings.tolerance());
        }
        current = m;
        if (m.isKnown()) {
            boolean outside = m.state() == State.OUT_OF_TOLERANCE;
            if (outside) {
                lastOutside = m;
            }
            gate.update(now, outside, this::detail);
        }
        publish(m, atEnd);
    }

    private AvSyncMeasurement measured(double now, double offsetMs, double confidence, Method method) {
        double drift = contentDrift.msPerMinute();
        if (Double.isNaN(drift)) {
            drift = timestampDrift.msPerMinute();
        }
        State state = settings.tolerance().within(offsetMs) ? State.IN_TOLERANCE : State.OUT_OF_TOLERANCE;
        return new AvSyncMeasurement(now, state, offsetMs, confidence, method, drift, null, settings.tolerance());
    }

    private void publish(AvSyncMeasurement m, boolean force) {
        AvSyncMeasurement p = published;
        boolean changed = p == null
                || force
                || p.state() != m.state()
                || p.method() != m.method()
                || Math.abs(p.offsetMs() - m.offsetMs()) >= PUBLISH_OFFSET_MS
                || Math.abs(p.confidence() - m.confidence()) >= PUBLISH_CONFIDENCE
                || Double.isNaN(p.driftMsPerMin()) != Double.isNaN(m.driftMsPerMin())
                || Math.abs(p.driftMsPerMin() - m.driftMsPerMin()) >= PUBLISH_DRIFT;
        if (changed) {
            published = m;
            sink.observed(m);
        }
    }

    /** The defect's detail: the measurement that put it outside the tolerance (the latest such). */
    private Map<String, Object> detail() {
        AvSyncMeasurement m = lastOutside != null ? lastOutside : current;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("offsetMs", Math.round(m.offsetMs()));
        d.put("confidence", Math.round(m.confidence() * 100) / 100.0);
        d.put("method", m.method().wireName());
        if (!Double.isNaN(m.driftMsPerMin())) {
            d.put("driftMsPerMin", Math.round(m.driftMsPerMin() * 10) / 10.0);
        }
        d.put("sound", m.offsetMs() > 0 ? "late" : "early");
        return d;
    }

    @Override
    public void finish(double endSec) {
        if (!Double.isNaN(content.heardUpTo())) {
            evaluate(Math.max(endSec, content.heardUpTo()), true);
        }
        gate.finish(endSec, this::detail);
    }
}
