package dev.vigil.worker.notify;

import java.time.Duration;

/**
 * How the worker writes Kubernetes Events.
 *
 * @param window        repeats of the same reason and note on the same monitor within this time (since the last
 *                      repeat) update one Event's series; after a quiet window a repeat starts a new Event
 * @param flushInterval how often pending occurrences are written; repeats in between cost nothing
 * @param burst         Event writes (creates and series updates) the worker may make at once...
 * @param perSecond     ...and on average: a defect storm over many monitors coalesces instead of flooding etcd
 * @param maxSeries     series remembered at most; the least recently seen is forgotten first
 */
public record EventSettings(Duration window, Duration flushInterval, int burst, double perSecond, int maxSeries) {

    public static EventSettings defaults() {
        return new EventSettings(Duration.ofMinutes(10), Duration.ofSeconds(1), 25, 2.0, 2048);
    }

    public EventSettings withFlushInterval(Duration interval) {
        return new EventSettings(window, interval, burst, perSecond, maxSeries);
    }

    public EventSettings withRate(int newBurst, double newPerSecond) {
        return new EventSettings(window, flushInterval, newBurst, newPerSecond, maxSeries);
    }
}
