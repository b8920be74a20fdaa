package dev.vigil.worker.notify;

/**
 * Takes notifications from session threads. Implementations must return at once (queue, aggregate) and never
 * block on the network: a slow API server or webhook must not slow down decoding.
 */
@FunctionalInterface
public interface NotificationSink {

    void accept(Notification notification);
}
