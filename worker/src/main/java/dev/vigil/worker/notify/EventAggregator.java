package dev.vigil.worker.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts occurrences per series (monitor + reason + note) and tells the writer which series have occurrences
 * not yet written. Bounded: at most {@code maxSeries} series, and a series seen last more than {@code window}
 * ago (and fully written) is forgotten, so its next occurrence starts a new Event.
 */
final class EventAggregator {

    /** What makes two occurrences the same Event: the fields an Event cannot change after creation. */
    record Key(MonitorRef monitor, NotificationKind kind, String note) {}

    /** A series to write: {@code eventName} null means create, else update the series of that Event. */
    record Pending(Key key, String eventName, int count, Instant firstSeen, Instant lastSeen) {}

    private static final class Series {
        String eventName;
        int count;
        int written;
        final Instant firstSeen;
        Instant lastSeen;

        Series(Instant now) {
            firstSeen = now;
            lastSeen = now;
        }
    }

    private final Duration window;
    private final int maxSeries;
    /** Kept in the order last seen (add moves a series to the end): the eldest entry is the least recently seen. */
    private final LinkedHashMap<Key, Series> series = new LinkedHashMap<>();

    EventAggregator(Duration window, int maxSeries) {
        this.window = window;
        this.maxSeries = maxSeries;
    }

    synchronized void add(Key key, Instant now) {
        Series s = series.remove(key);
        if (s != null && s.count == s.written && expired(s, now)) {
            s = null;
        }
        if (s == null) {
            s = new Series(now);
        }
        series.put(key, s);
        if (series.size() > maxSeries) {
            Iterator<Map.Entry<Key, Series>> eldest = series.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        s.count++;
        s.lastSeen = now;
    }

    /** Series with unwritten occurrences, least recently seen first; forgets quiet, fully written ones. */
    synchronized List<Pending> pending(Instant now) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Series>> it = series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Series> e = it.next();
            Series s = e.getValue();
            if (s.count != s.written) {
                out.add(new Pending(e.getKey(), s.eventName, s.count, s.firstSeen, s.lastSeen));
            } else if (expired(s, now)) {
                it.remove();
            }
        }
        return out;
    }

    /** The API server holds {@code count} occurrences of this series in Event {@code eventName}. */
    synchronized void written(Key key, String eventName, int count) {
        Series s = series.get(key);
        if (s != null) {
            s.eventName = eventName;
            s.written = Math.max(s.written, count);
        }
    }

    /** The Event is gone (expired by the API server's event TTL): write the series again as a new Event. */
    synchronized void lost(Key key) {
        Series s = series.get(key);
        if (s != null) {
            s.eventName = null;
            s.written = 0;
        }
    }

    synchronized int size() {
        return series.size();
    }

    private boolean expired(Series s, Instant now) {
        return Duration.between(s.lastSeen, now).compareTo(window) > 0;
    }
}
