package dev.vigil.worker.report;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.manifest.ManifestFacts;
import dev.vigil.worker.detect.sync.AvSyncMeasurement;
import dev.vigil.worker.detect.transport.TransportCounts;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.escalation.EscalationReason;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.source.StreamFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Collects what one session reported, for the end-of-run report; optionally streams closed defects. */
public final class AnalysisReport implements SessionListener {

    private final List<Defect> defects = new ArrayList<>();
    private final List<StreamEvent> events = new ArrayList<>();
    private final Consumer<Defect> onClosed;
    private final Consumer<Double> onProgress;
    private StreamFacts facts;
    private ManifestFacts manifest;
    private TransportCounts transport;
    private AvSyncMeasurement avSync;
    private SessionResult result;
    private DecodeState decode;
    private final Set<EscalationReason> escalatedFor = EnumSet.noneOf(EscalationReason.class);

    private final Consumer<StreamFacts> onFacts;

    public AnalysisReport(Consumer<Defect> onClosed, Consumer<Double> onProgress, Consumer<StreamFacts> onFacts) {
        this.onClosed = onClosed;
        this.onProgress = onProgress;
        this.onFacts = onFacts;
    }

    @Override
    public synchronized void onStreamUp(StreamFacts f) {
        facts = f;
        onFacts.accept(f);
    }

    @Override
    public synchronized void onDefectClosed(Defect defect) {
        defects.add(defect);
        onClosed.accept(defect);
    }

    @Override
    public synchronized void onStreamEvent(StreamEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onObservation(Observation observation) {
        if (observation instanceof ManifestFacts f) {
            manifest = f;
        } else if (observation instanceof TransportCounts counts) {
            transport = counts;
        } else if (observation instanceof AvSyncMeasurement m) {
            avSync = m;
        }
    }

    @Override
    public synchronized void onDecodeChanged(DecodeState state) {
        decode = state;
        if (state.escalated()) {
            escalatedFor.add(state.reason());
        }
    }

    /** How the video was decoded at the end (profile, escalations), or null when it was never reported. */
    public synchronized DecodeState decode() {
        return decode;
    }

    /** What the stream was escalated to full decoding for, in the order of {@link EscalationReason}. */
    public synchronized Set<EscalationReason> escalatedFor() {
        return Set.copyOf(escalatedFor);
    }

    @Override
    public void onProgress(double mediaSec) {
        onProgress.accept(mediaSec);
    }

    @Override
    public synchronized void onFinished(SessionResult r) {
        result = r;
    }

    public synchronized List<Defect> defects() {
        List<Defect> sorted = new ArrayList<>(defects);
        sorted.sort(Comparator.comparingDouble(Defect::startSec).thenComparing(Defect::type));
        return sorted;
    }

    public synchronized List<StreamEvent> events() {
        return List.copyOf(events);
    }

    public synchronized StreamFacts facts() {
        return facts;
    }

    /** The TR 101 290 counters of an MPEG-TS source at the end, or null (none counted, or not a TS). */
    public synchronized TransportCounts transport() {
        return transport;
    }

    /** The A/V offset the av_sync detector measured last, or null (not run, or no measurement yet). */
    public synchronized AvSyncMeasurement avSync() {
        return avSync;
    }

    /** The last manifest facts of an HLS/DASH source, or null. */
    public synchronized ManifestFacts manifest() {
        return manifest;
    }

    public synchronized SessionResult result() {
        return result;
    }
}
