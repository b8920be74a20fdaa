package dev.vigil.charts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The worker's Prometheus metric names (the worker's Micrometer meters, as Prometheus renders them). */
final class WorkerMetrics {

    static final List<String> NAMES = List.of(
            "vigil_worker_sessions",
            "vigil_worker_load_units",
            "vigil_worker_capacity_units",
            "vigil_decoded_frames_total",
            "vigil_decode_lag_seconds",
            "vigil_streams_down",
            "vigil_defects_opened_total",
            "vigil_defects_active",
            "vigil_status_writes_total",
            "vigil_status_writes_throttled_total",
            "vigil_webhook_deliveries_total",
            "vigil_webhook_dropped_total",
            "vigil_events_emitted_total",
            "vigil_decode_escalations_total",
            "vigil_decode_escalations_refused_total",
            "vigil_decode_escalated_streams");

    private static final Pattern METRIC = Pattern.compile("\\bvigil_[a-z_]+\\b");

    private WorkerMetrics() {}

    /** The vigil_* names a PromQL expression uses. */
    static Set<String> referenced(String promql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
