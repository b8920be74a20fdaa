package dev.vigil.worker.notify;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The worker's bounded webhook queue: new deliveries and retries waiting for their backoff, together. Senders
 * take the first one due. When full, the oldest delivery (by first submission) is dropped: under a long outage
 * the newest news is worth more, and memory stays bounded whatever the endpoints do.
 */
final class DeliveryQueue {

    private final int capacity;
    private final Runnable onDrop;
    private final PriorityQueue<Delivery> byDue =
            new PriorityQueue<>(Comparator.comparingLong(Delivery::dueNanos).thenComparingLong(Delivery::seq));
    private boolean closed;

    DeliveryQueue(int capacity, Runnable onDrop) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.onDrop = onDrop;
    }

    synchronized void offer(Delivery d) {
        byDue.add(d);
        if (byDue.size() > capacity) {
            Delivery oldest = null;
            for (Delivery x : byDue) {
                if (oldest == null || x.seq() < oldest.seq()) {
                    oldest = x;
                }
            }
            byDue.remove(oldest);
            onDrop.run();
        }
        notifyAll();
    }

    /** The next delivery that is due, waiting for it; null once closed. */
    synchronized Delivery take() throws InterruptedException {
        while (!closed) {
            Delivery head = byDue.peek();
            if (head == null) {
                wait();
                continue;
            }
            long waitNanos = head.dueNanos() - System.nanoTime();
            if (waitNanos <= 0) {
                return byDue.poll();
            }
            TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        }
        return null;
    }

    synchronized int size() {
        return byDue.size();
    }

    /** Wakes the senders and makes {@link #take()} return null; returns how many deliveries were left. */
    synchronized int close() {
        closed = true;
        notifyAll();
        int left = byDue.size();
        byDue.clear();
        return left;
    }
}
