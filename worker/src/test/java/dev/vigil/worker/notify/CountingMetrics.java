package dev.vigil.worker.notify;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the notification channels report, for assertions. */
final class CountingMetrics implements NotifyMetrics {

    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    @Override
    public void webhookDelivered(boolean ok) {
        (ok ? delivered : failed).incrementAndGet();
    }

    @Override
    public void webhookDropped() {
        dropped.incrementAndGet();
    }
}
