package dev.vigil.worker.metrics;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.worker.detect.Observation;
import dev.vigil.worker.detect.transport.Tr101290;
import dev.vigil.worker.detect.transport.TransportCounts;
import dev.vigil.worker.session.SessionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code vigil_transport_errors_total{indicator}}: ETSI TR 101 290 errors over all MPEG-TS streams of the worker,
 * by indicator (a fixed set of series, no per-monitor labels: the monitor's status has its own counts).
 */
public final class TransportMetrics {

    static final String ERRORS = "vigil.transport.errors";

    private final Map<Tr101290, Counter> errors = new EnumMap<>(Tr101290.class);

    public TransportMetrics(MeterRegistry registry) {
        for (Tr101290 i : Tr101290.values()) {
            errors.put(
                    i,
                    Counter.builder(ERRORS)
                            .description("MPEG-TS errors (ETSI TR 101 290) by indicator")
                            .tag("indicator", i.wireName())
                            .tag("priority", Integer.toString(i.priority()))
                            .register(registry));
        }
    }

    /** The listener for one session: adds what its counters moved since the last observation. */
    public SessionListener create(StreamMonitor monitor) {
        return new SessionListener() {
            private final long[] seen = new long[Tr101290.values().length];

            @Override
            public void onObservation(Observation observation) {
                if (observation instanceof TransportCounts counts) {
                    for (Tr101290 i : Tr101290.values()) {
                        long delta = counts.total(i) - seen[i.ordinal()];
                        if (delta > 0) {
                            errors.get(i).increment(delta);
                            seen[i.ordinal()] = counts.total(i);
                        }
                    }
                }
            }
        };
    }
}
