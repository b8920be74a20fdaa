package dev.vigil.worker.notify;

/** What the notification channels count; the metrics package backs this with Micrometer meters. */
public interface NotifyMetrics {

    NotifyMetrics NONE = new NotifyMetrics() {};

    /** The API server accepted an Event write (a new Event or a series update of one). */
    default void eventEmitted() {}

    /** A webhook delivery ended: delivered (2xx), or failed for good (4xx, or retries used up). */
    default void webhookDelivered(boolean ok) {}

    /** A webhook delivery was dropped unsent because the queue was full (the oldest goes first). */
    default void webhookDropped() {}
}
