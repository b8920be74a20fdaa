package dev.vigil.worker.metrics;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.session.SessionListener;
import dev.vigil.worker.session.SessionResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code vigil_defects_opened_total{type}}, {@code vigil_defects_escalated_total{type}} (short defects that opened
 * as minor and lasted long enough to take their detector's severity) and {@code vigil_defects_active{type}} over
 * all sessions of the worker, fed by one {@link SessionListener} per session. No per-monitor labels: the monitor's status says
 * which monitor. Every {@link DefectTypeTag} value is registered up front, so rates start from 0.
 */
public final class DefectMetrics {

    static final String OPENED = "vigil.defects.opened";
    static final String ESCALATED = "vigil.defects.escalated";
    static final String ACTIVE = "vigil.defects.active";

    private final Map<String, Counter> opened = new HashMap<>();
    private final Map<String, Counter> escalated = new HashMap<>();
    private final Map<String, AtomicLong> active = new HashMap<>();

    public DefectMetrics(MeterRegistry registry) {
        for (String type : DefectTypeTag.values()) {
            opened.put(
                    type,
                    Counter.builder(OPENED)
                            .description("Defects opened")
                            .tag("type", type)
                            .register(registry));
            escalated.put(
                    type,
                    Counter.builder(ESCALATED)
                            .description("Open defects escalated from minor")
                            .tag("type", type)
                            .register(registry));
            AtomicLong gauge = new AtomicLong();
            active.put(type, gauge);
            Gauge.builder(ACTIVE, gauge, AtomicLong::get)
                    .description("Defects open now")
                    .tag("type", type)
                    .register(registry);
        }
    }

    /** The listener for one session; the monitor is not a label, the parameter only matches the other factories. */
    public SessionListener create(StreamMonitor monitor) {
        return new SessionCounts();
    }

    /** Counts one session's defects, and takes back its still-open ones when it ends. */
    private final class SessionCounts implements SessionListener {

        /** Callbacks of one session never run concurrently (see SessionListener). */
        private final Map<String, Integer> open = new HashMap<>();

        @Override
        public void onDefectOpened(Defect defect) {
            String type = DefectTypeTag.of(defect.type());
            opened.get(type).increment();
            active.get(type).incrementAndGet();
            open.merge(type, 1, Integer::sum);
        }

        @Override
        public void onDefectEscalated(Defect defect) {
            escalated.get(DefectTypeTag.of(defect.type())).increment();
        }

        @Override
        public void onDefectClosed(Defect defect) {
            String type = DefectTypeTag.of(defect.type());
            if (open.getOrDefault(type, 0) > 0) {
                open.merge(type, -1, Integer::sum);
                active.get(type).decrementAndGet();
            }
        }

        @Override
        public void onFinished(SessionResult result) {
            open.forEach((type, count) -> active.get(type).addAndGet(-count));
            open.clear();
        }
    }
}
