package dev.vigil.worker.detect.sync;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.catalog.DetectorCatalog;
import dev.vigil.worker.session.DetectorPool;
import dev.vigil.worker.session.SessionConfig;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.StreamEvent;
import dev.vigil.worker.session.StreamSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Runs a real session over a source with only the av_sync detector and keeps what it reported. */
record SyncRun(List<AvSyncMeasurement> measurements, List<Defect> defects, List<StreamEvent> events) {

    static final DetectorName AV_SYNC = DetectorName.of(DefectType.AV_SYNC);

    static SyncRun of(Path file) {
        return of(file.toString(), s -> s);
    }

    static SyncRun of(String source, UnaryOperator<DetectorSettings> tune) {
        return of(SessionConfig.of(source, Map.of(AV_SYNC, tune.apply(DetectorCatalog.defaults(AV_SYNC)))));
    }

    static SyncRun of(SessionConfig config) {
        List<AvSyncMeasurement> measurements = new ArrayList<>();
        List<Defect> defects = new ArrayList<>();
        List<StreamEvent> events = new ArrayList<>();
        SessionListener listener = new SessionListener() {
            @Override
            public synchronized void onObservation(Observation o) {
                if (o instanceof AvSyncMeasurement m) {
                    measurements.add(m);
                }
            }

            @Override
            public synchronized void onDefectClosed(Defect defect) {
                defects.add(defect);
            }

            @Override
            public synchronized void onStreamEvent(StreamEvent event) {
                events.add(event);
            }
        };
        try (DetectorPool pool = new DetectorPool(1)) {
            StreamSession session = new StreamSession(config, pool, listener);
            session.start();
            if (!session.awaitFinished(Duration.ofMinutes(5))) {
                session.stop();
                throw new IllegalStateException("session did not finish");
            }
            if (session.result().failed()) {
                throw new IllegalStateException(session.result().error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (listener) {
            return new SyncRun(List.copyOf(measurements), List.copyOf(defects), List.copyOf(events));
        }
    }

    /** The content measurements (offsetMs), for a summary. */
    List<Double> contentOffsets() {
        return measurements.stream()
                .filter(m -> m.method() == AvSyncMeasurement.Method.CONTENT)
                .map(AvSyncMeasurement::offsetMs)
                .toList();
    }

    AvSyncMeasurement last() {
        return measurements.isEmpty() ? null : measurements.get(measurements.size() - 1);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (AvSyncMeasurement m : measurements) {
            b.append(String.format(
                    java.util.Locale.ROOT,
                    "%7.2f %-15s %8.1f ms conf %.2f %-10s drift %6.1f %s%n",
                    m.atSec(),
                    m.state().wireName(),
                    m.offsetMs(),
                    m.confidence(),
                    m.method() == null ? "-" : m.method().wireName(),
                    m.driftMsPerMin(),
                    m.reason() == null ? "" : m.reason()));
        }
        defects.forEach(d -> b.append("defect ").append(d).append('\n'));
        events.forEach(e -> b.append("event ").append(e).append('\n'));
        return b.toString();
    }
}
