package dev.vigil.worker.metrics;

import dev.vigil.worker.notify.NotifyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The notification counters: {@code vigil_webhook_deliveries_total{result="ok|failed"}},
 * {@code vigil_webhook_dropped_total} and {@code vigil_events_emitted_total}. Hand this to
 * {@code KubernetesEvents} and {@code WebhookDispatcher}.
 */
public final class NotifyMeters implements NotifyMetrics {

    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Counter emitted;

    public NotifyMeters(MeterRegistry registry) {
        delivered = deliveries(registry, "ok");
        failed = deliveries(registry, "failed");
        dropped = Counter.builder("vigil.webhook.dropped")
                .description("Webhook deliveries dropped unsent because the queue was full")
                .register(registry);
        emitted = Counter.builder("vigil.events.emitted")
                .description("Kubernetes Event writes (new Events and series updates) accepted by the API server")
                .register(registry);
    }

    private static Counter deliveries(MeterRegistry registry, String result) {
        return Counter.builder("vigil.webhook.deliveries")
                .description("Webhook deliveries by final result: ok (2xx) or failed (4xx, or retries used up)")
                .tag("result", result)
                .register(registry);
    }

    @Override
    public void eventEmitted() {
        emitted.increment();
    }

    @Override
    public void webhookDelivered(boolean ok) {
        (ok ? delivered : failed).increment();
    }

    @Override
    public void webhookDropped() {
        dropped.increment();
    }
}
