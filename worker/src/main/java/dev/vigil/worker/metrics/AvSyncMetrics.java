package dev.vigil.worker.metrics;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.sync.AvSyncMeasurement;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The A/V offsets of the worker's streams, aggregated (no per-monitor labels: the monitor's {@code status.avSync}
 * has its own figure): {@code vigil_av_sync_offset_ms{bound="max"}} and {@code {bound="min"}}, the largest and the
 * smallest known offset over the streams (audio minus video, ms; positive = sound late; NaN while none is known),
 * and {@code vigil_av_sync_streams{state}}, how many streams are {@code in_tolerance}, {@code out_of_tolerance} or
 * {@code unknown}.
 */
public final class AvSyncMetrics {

    static final String OFFSET = "vigil.av_sync.offset.ms";
    static final String STREAMS = "vigil.av_sync.streams";

    /** The latest measurement of each running session that has one. */
    private final Map<Object, AvSyncMeasurement> latest = new ConcurrentHashMap<>();

    public AvSyncMetrics(MeterRegistry registry) {
        Gauge.builder(OFFSET, this, m -> m.offset(true))
                .description("Largest A/V offset of the worker's streams, ms (audio minus video; + = sound late)")
                .tag("bound", "max")
                .register(registry);
        Gauge.builder(OFFSET, this, m -> m.offset(false))
                .description("Smallest A/V offset of the worker's streams, ms (audio minus video; - = sound early)")
                .tag("bound", "min")
                .register(registry);
        for (AvSyncMeasurement.State s : AvSyncMeasurement.State.values()) {
            ToDoubleFunction<AvSyncMetrics> count =
                    m -> m.latest.values().stream().filter(x -> x.state() == s).count();
            Gauge.builder(STREAMS, this, count)
                    .description("Streams by A/V sync state")
                    .tag("state", s.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    /** The listener for one session; the monitor is not a label, the parameter only matches the other factories. */
    public SessionListener create(StreamMonitor monitor) {
        Object session = new Object();
        return new SessionListener() {
            @Override
            public void onObservation(Observation observation) {
                if (observation instanceof AvSyncMeasurement m) {
                    latest.put(session, m);
                }
            }

            @Override
            public void onFinished(SessionResult result) {
                latest.remove(session);
            }
        };
    }

    private double offset(boolean max) {
        return latest.values().stream()
                .filter(AvSyncMeasurement::isKnown)
                .mapToDouble(AvSyncMeasurement::offsetMs)
                .reduce(max ? Math::max : Math::min)
                .orElse(Double.NaN);
    }
}
