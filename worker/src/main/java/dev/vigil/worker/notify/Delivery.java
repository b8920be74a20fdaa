package dev.vigil.worker.notify;

import io.cloudevents.CloudEvent;

/**
 * One CloudEvent on its way to one endpoint.
 *
 * @param seq      order of submission, kept across retries: the lowest is the oldest, dropped first
 * @param attempt  attempts made so far
 * @param dueNanos {@link System#nanoTime()} before which it is not sent (the backoff of a retry)
 */
record Delivery(long seq, WebhookTarget target, String namespace, CloudEvent event, int attempt, long dueNanos) {

    Delivery retryAt(long nanos) {
        return new Delivery(seq, target, namespace, event, attempt + 1, nanos);
    }
}
