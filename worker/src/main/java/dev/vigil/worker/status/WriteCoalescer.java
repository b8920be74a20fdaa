package dev.vigil.worker.status;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When each monitor's status is due to be written. A change a user cares about (a defect opened or closed,
 * the stream up or down) is due at once; any other change (stream facts, bit rate) at most once per
 * {@code interval} after the monitor's last write. Many changes before a write make one write: only the
 * latest state is written. Not thread-safe: callers synchronise.
 */
public final class WriteCoalescer {

    private final Clock clock;
    private final Duration interval;
    private final Map<String, Long> dueAt = new HashMap<>();
    private final Map<String, Long> lastWrite = new HashMap<>();

    public WriteCoalescer(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** Records that a monitor's status changed. */
    public void changed(String key, boolean urgent) {
        long now = clock.millis();
        Long last = lastWrite.get(key);
        long due = urgent || last == null ? now : Math.max(now, last + interval.toMillis());
        dueAt.merge(key, due, Math::min);
    }

    /** Monitors due now, the longest waiting first. */
    public List<String> due() {
        long now = clock.millis();
        List<Map.Entry<String, Long>> ready = new ArrayList<>();
        for (Map.Entry<String, Long> e : dueAt.entrySet()) {
            if (e.getValue() <= now) {
                ready.add(e);
            }
        }
        ready.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        return ready.stream().map(Map.Entry::getKey).toList();
    }

    /** The status was written (or found unchanged): nothing is pending for it. */
    public void written(String key) {
        dueAt.remove(key);
        lastWrite.put(key, clock.millis());
    }

    /** The write failed: try again after {@code delay}. */
    public void retryAfter(String key, Duration delay) {
        dueAt.put(key, clock.millis() + delay.toMillis());
    }

    public void forget(String key) {
        dueAt.remove(key);
        lastWrite.remove(key);
    }

    public boolean isPending(String key) {
        return dueAt.containsKey(key);
    }

    public int pending() {
        return dueAt.size();
    }

    /** Milliseconds until the next monitor is due, if any is pending. */
    public OptionalLong millisUntilNextDue() {
        long now = clock.millis();
        return dueAt.values().stream().mapToLong(d -> Math.max(0, d - now)).min();
    }
}
