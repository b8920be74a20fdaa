package dev.vigil.worker.status;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.AvSync;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.DecodeInfo;
import dev.vigil.api.v1alpha1.status.DefectEvidence;
import dev.vigil.api.v1alpha1.status.ManifestInfo;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.TransportError;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.manifest.ManifestFacts;
import dev.vigil.worker.detect.sync.AvSyncMeasurement;
import dev.vigil.worker.detect.transport.TransportCounts;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.evidence.EvidenceLinks;
import dev.vigil.worker.evidence.EvidenceRef;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns one session's events into its monitor's {@link MonitorState}, which tells the {@link StatusHub} what
 * changed by itself: defects opening or closing and the stream going up or down are urgent, fact updates are not.
 * A listener belongs to one session: once {@link #detach() detached} (the session was replaced or stopped)
 * its late events are ignored.
 */
public final class StatusListener implements SessionListener {

    private static final int MAX_DETAIL = 160;
    /** Room for a model's load error (path and reason). */
    private static final int MAX_UNAVAILABLE_DETAIL = 400;

    private final MonitorState state;
    private final Clock clock;
    private final UnaryOperator<String> redact;
    private volatile boolean attached = true;
    private boolean everUp;
    /** Detectors of a secondary shard shown as not running while that shard cannot read the stream. */
    private final Set<String> blind = new HashSet<>();
    /** Wall-clock millis of media time 0, learned from progress (live media time follows the wall clock). */
    private volatile long mediaZeroMillis = Long.MIN_VALUE;
    /** Where the evidence of this monitor's defects is found (none unless the pool keeps evidence). */
    private volatile EvidenceLinks evidence = EvidenceLinks.NONE;

    public StatusListener(MonitorState state, Clock clock, UnaryOperator<String> redact) {
        this.state = state;
        this.clock = clock;
        this.redact = redact;
    }

    public void detach() {
        attached = false;
    }

    /** Defects reported from now on carry their evidence; its later progress comes to {@link #onEvidence}. */
    public void useEvidence(EvidenceLinks links) {
        evidence = links == null ? EvidenceLinks.NONE : links;
    }

    /** Capture thread: a defect's evidence was stored or lost; its status entry follows (a routine update). */
    public void onEvidence(EvidenceRef ref) {
        if (attached) {
            state.updateEvidence(e -> ref.owns(e.getThumbnail()) || ref.owns(e.getClip()), toStatus(ref));
        }
    }

    /** The status form of a defect's evidence, or null. */
    static DefectEvidence toStatus(EvidenceRef ref) {
        if (ref == null) {
            return null;
        }
        DefectEvidence e = new DefectEvidence();
        e.setState(ref.state().wireName());
        e.setThumbnail(ref.thumbnail());
        e.setClip(ref.clip());
        double onset = ref.onsetInClipSec();
        e.setOnsetSec(Double.isFinite(onset) ? Math.round(onset * 100) / 100.0 : null);
        e.setThumbnailUrl(ref.thumbnailUrl());
        e.setClipUrl(ref.clipUrl());
        e.setReason(ref.reason() == null ? null : truncate(ref.reason(), MAX_DETAIL));
        return e;
    }

    /** Before the first connection: StreamUp Unknown/Connecting. */
    public void connecting(String url) {
        state.setStreamUp(ConditionStatus.UNKNOWN, Conditions.CONNECTING, "Connecting to " + redact.apply(url) + ".");
    }

    @Override
    public void onStreamUp(StreamFacts facts) {
        if (!attached) {
            return;
        }
        everUp = true;
        seesAgain();
        StreamInfo info = info(facts);
        StreamInfo before = state.stream();
        info.setManifest(before == null ? null : before.getManifest());
        info.setDecode(before == null ? null : before.getDecode());
        state.setStream(info);
        if (state.hasActive(DefectType.STALL.wireName())) {
            state.setStreamUp(ConditionStatus.FALSE, Conditions.NO_MEDIA, "Connected, but no media arrives.");
        } else {
            state.setStreamUp(ConditionStatus.TRUE, Conditions.CONNECTED, "Receiving " + describe(facts) + ".");
        }
    }

    @Override
    public void onDefectOpened(Defect defect) {
        if (!attached) {
            return;
        }
        ActiveDefect a = new ActiveDefect();
        a.setType(defect.type().wireName());
        a.setCheck(defect.check());
        a.setSeverity(defect.severity());
        a.setSince(wallTime(defect.startSec()));
        a.setDetail(summary(defect.detail()));
        a.setEvidence(toStatus(evidence.find(defect)));
        blind.remove(a.getType()); // a real defect takes the place of a not-running entry
        state.open(a);
        if (defect.type().builtIn().orElse(null) == DefectType.STALL) {
            state.setStreamUp(ConditionStatus.FALSE, Conditions.NO_MEDIA, "Connected, but no media arrives.");
        }
    }

    /** The active entry takes the new severity; a user cares (alerts route on it), so it is written at once. */
    @Override
    public void onDefectEscalated(Defect defect) {
        if (!attached) {
            return;
        }
        state.escalate(
                MonitorState.key(defect.type().wireName(), defect.check()),
                defect.severity(),
                summary(defect.detail()));
    }

    @Override
    public void onDefectClosed(Defect defect) {
        if (!attached || defect.openAtEnd()) {
            return; // open at the end: the session stopped, the defect did not clear
        }
        RecentDefect r = new RecentDefect();
        r.setType(defect.type().wireName());
        r.setCheck(defect.check());
        r.setSeverity(defect.severity());
        r.setStartTime(wallTime(defect.startSec()));
        r.setEndTime(wallTime(defect.endSec()));
        r.setDurationSec(Math.round(defect.durationSec() * 100) / 100.0);
        r.setEvidence(toStatus(evidence.find(defect)));
        state.close(MonitorState.key(defect.type().wireName(), defect.check()), r);
        if (defect.type().builtIn().orElse(null) == DefectType.STALL && everUp) {
            StreamInfo s = state.stream();
            state.setStreamUp(
                    ConditionStatus.TRUE,
                    Conditions.CONNECTED,
                    "Receiving " + (s == null ? "media" : describe(s)) + ".");
        }
    }

    @Override
    public void onObservation(Observation observation) {
        if (observation instanceof ManifestFacts facts) {
            onManifest(facts);
            return;
        }
        if (observation instanceof AvSyncMeasurement sync) {
            if (attached) {
                state.setAvSync(avSync(sync)); // a stream fact, routine; the defect, when there is one, is urgent
            }
            return;
        }
        if (!attached || !(observation instanceof TransportCounts counts)) {
            return;
        }
        List<TransportError> errors = new ArrayList<>();
        counts.nonZero()
                .forEach((indicator, count) -> errors.add(new TransportError(
                        indicator.wireName(), indicator.priority(), count, wallTime(counts.lastSeenSec(indicator)))));
        state.setTransportErrors(errors);
    }

    @Override
    public void onStreamEvent(StreamEvent event) {
        if (!attached) {
            return;
        }
        switch (event.kind()) {
            case STREAM_DOWN -> {
                if (everUp) {
                    state.setStreamUp(
                            ConditionStatus.FALSE,
                            Conditions.RECONNECTING,
                            "Connection lost (" + redact.apply(event.message()) + "); reconnecting.");
                } else {
                    state.setStreamUp(
                            ConditionStatus.FALSE,
                            Conditions.CONNECT_FAILED,
                            redact.apply(event.message()) + "; retrying.");
                }
                goesBlind(event);
            }
            case RESOLUTION_CHANGED -> {
                StreamInfo s = state.stream();
                if (s != null && event.detail().get("to") != null) {
                    StreamInfo changed = new StreamInfo(); // a copy: the write loop may be reading the old one
                    changed.setCodec(s.getCodec());
                    changed.setResolution(String.valueOf(event.detail().get("to")));
                    changed.setFps(s.getFps());
                    changed.setAudioCodec(s.getAudioCodec());
                    changed.setAudioLayout(s.getAudioLayout());
                    changed.setSampleRate(s.getSampleRate());
                    changed.setBitrate(s.getBitrate());
                    changed.setManifest(s.getManifest());
                    changed.setDecode(s.getDecode());
                    state.setStream(changed);
                }
            }
            case DETECTOR_FAILED -> detectorFailed(event);
            default -> {}
        }
    }

    /**
     * A detector that cannot run (its model failed to load, or it broke mid-stream) shows as an active entry of
     * its own type whose detail says why: that is the one status place each shard owns per detector (StreamUp
     * is the primary shard's alone), and a monitor is not silently left unwatched. Only the status sees it:
     * it is not a defect of the stream, so nothing is notified.
     */
    private void detectorFailed(StreamEvent event) {
        Object detector = event.detail().get("detector");
        if (detector == null) {
            return;
        }
        ActiveDefect a = new ActiveDefect();
        a.setType(String.valueOf(detector));
        a.setSeverity(Severity.fromWireName(String.valueOf(event.detail().get("severity")))
                .orElse(Severity.MAJOR));
        a.setSince(Instant.ofEpochMilli(clock.millis())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        String why = "detector unavailable: " + redact.apply(event.message());
        a.setDetail(why.length() > MAX_UNAVAILABLE_DETAIL ? why.substring(0, MAX_UNAVAILABLE_DETAIL) : why);
        state.open(a);
    }

    /**
     * A secondary shard cannot write StreamUp (the primary's alone, or the condition would flap between two
     * views of the connection), yet when only this shard cannot read the stream, its detectors do not run. Each
     * of them then shows as an active entry of its own type saying so — the place a shard owns per detector,
     * as for a detector that cannot load — until the stream is back. Status only: nothing is notified.
     *
     * @return true when entries were added
     */
    private boolean goesBlind(StreamEvent event) {
        if (state.isPrimary()) {
            return false;
        }
        String since = Instant.ofEpochMilli(clock.millis())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String why = "not running: this shard's worker cannot read the stream (" + redact.apply(event.message()) + ")";
        boolean added = false;
        for (String detector : state.ownedDetectors()) {
            if (blind.contains(detector) || state.hasActive(detector)) {
                continue;
            }
            ActiveDefect a = new ActiveDefect();
            a.setType(detector);
            a.setSeverity(Severity.MAJOR);
            a.setSince(since);
            a.setDetail(why.length() > MAX_UNAVAILABLE_DETAIL ? why.substring(0, MAX_UNAVAILABLE_DETAIL) : why);
            state.open(a);
            blind.add(detector);
            added = true;
        }
        return added;
    }

    /** The stream is back for this shard: its not-running entries go (they were never defects: no recent entry). */
    private void seesAgain() {
        blind.forEach(detector -> state.close(detector, null));
        blind.clear();
    }

    /** The manifest facts join status.stream (a routine update: written with the next coalesced write). */
    private void onManifest(ManifestFacts f) {
        if (!attached) {
            return;
        }
        StreamInfo s = state.stream();
        StreamInfo changed = new StreamInfo(); // a copy: the write loop may be reading the old one
        if (s != null) {
            changed.setCodec(s.getCodec());
            changed.setResolution(s.getResolution());
            changed.setFps(s.getFps());
            changed.setAudioCodec(s.getAudioCodec());
            changed.setAudioLayout(s.getAudioLayout());
            changed.setSampleRate(s.getSampleRate());
            changed.setBitrate(s.getBitrate());
            changed.setDecode(s.getDecode());
        }
        ManifestInfo m = new ManifestInfo();
        m.setFormat(f.format());
        m.setTargetDurationSec(f.targetDurationSec() > 0 ? f.targetDurationSec() : null);
        m.setWindowSec(f.windowSec() > 0 ? f.windowSec() : null);
        m.setSegments(f.segments());
        m.setRenditions(f.renditions());
        m.setRendition(f.rendition() == null ? null : truncate(f.rendition(), 128));
        m.setMediaSequence(f.mediaSequence());
        m.setAgeSec(Double.isFinite(f.ageSec()) ? f.ageSec() : null);
        changed.setManifest(m);
        state.setStream(changed);
    }

    static AvSync avSync(AvSyncMeasurement m) {
        AvSync a = new AvSync();
        a.setState(m.state().wireName());
        if (m.isKnown()) {
            a.setOffsetMs((int) Math.round(m.offsetMs()));
            a.setConfidence(Math.round(m.confidence() * 100) / 100.0);
            a.setMethod(m.method().wireName());
        } else {
            a.setReason(m.reason() == null ? null : truncate(m.reason(), AvSync.MAX_REASON));
        }
        a.setDriftMsPerMin(Double.isNaN(m.driftMsPerMin()) ? null : Math.round(m.driftMsPerMin() * 10) / 10.0);
        a.setSoundEarlyMs((int) Math.round(m.tolerance().soundEarlyMs()));
        a.setSoundLateMs((int) Math.round(m.tolerance().soundLateMs()));
        return a;
    }

    /** How the video is decoded joins status.stream (routine: written with the next coalesced write). */
    @Override
    public void onDecodeChanged(DecodeState d) {
        if (!attached) {
            return;
        }
        DecodeInfo info = new DecodeInfo();
        info.setProfile(d.profile().api());
        info.setCurrent(d.current().api());
        info.setReason(d.why());
        info.setEscalations(d.escalations());
        info.setRefused(d.refused() > 0 ? d.refused() : null);
        StreamInfo s = state.stream();
        StreamInfo changed = new StreamInfo(); // a copy: the write loop may be reading the old one
        if (s != null) {
            changed.setCodec(s.getCodec());
            changed.setResolution(s.getResolution());
            changed.setFps(s.getFps());
            changed.setAudioCodec(s.getAudioCodec());
            changed.setAudioLayout(s.getAudioLayout());
            changed.setSampleRate(s.getSampleRate());
            changed.setBitrate(s.getBitrate());
            changed.setManifest(s.getManifest());
        }
        changed.setDecode(info);
        state.setStream(changed);
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    @Override
    public void onProgress(double mediaSec) {
        mediaZeroMillis = clock.millis() - (long) (mediaSec * 1000);
    }

    private String wallTime(double mediaSec) {
        long zero = mediaZeroMillis;
        long millis =
                zero == Long.MIN_VALUE || Double.isNaN(mediaSec) ? clock.millis() : zero + (long) (mediaSec * 1000);
        return Instant.ofEpochMilli(Math.min(millis, clock.millis()))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    private static StreamInfo info(StreamFacts f) {
        StreamInfo s = new StreamInfo();
        s.setCodec(f.videoCodec());
        s.setResolution(f.resolution());
        s.setFps(f.frameRate() > 0 ? Math.round(f.frameRate() * 100) / 100.0 : null);
        s.setAudioCodec(f.audioCodec());
        s.setAudioLayout(f.channelLayout());
        s.setSampleRate(f.sampleRate() > 0 ? f.sampleRate() : null);
        s.setBitrate(f.bitrate() > 0 ? f.bitrate() : null);
        return s;
    }

    private static String describe(StreamFacts f) {
        return describe(info(f));
    }

    private static String describe(StreamInfo s) {
        StringBuilder b = new StringBuilder();
        if (s.getCodec() != null) {
            b.append(s.getCodec()).append(' ').append(s.getResolution());
        }
        if (s.getAudioCodec() != null) {
            b.append(b.length() > 0 ? " with " : "").append(s.getAudioCodec()).append(" audio");
        }
        return b.length() == 0 ? "media" : b.toString();
    }

    private static String summary(Map<String, Object> detail) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : detail.entrySet()) {
            Object v = e.getValue();
            String value = v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
            b.append(b.length() > 0 ? " " : "").append(e.getKey()).append('=').append(value);
        }
        return b.length() == 0 ? null : b.length() > MAX_DETAIL ? b.substring(0, MAX_DETAIL) : b.toString();
    }
}
