package dev.vigil.worker.detect.sync;

import java.util.Arrays;

/** Event times in increasing order, the oldest dropped as the window slides; a small growable array. */
final class EventTimes {

    private double[] times = new double[32];
    private int start;
    private int end;

    void add(double t) {
        if (end > start && t < times[end - 1]) {
            return; // out of order (a timestamp reset): the window restarts with the next ones
        }
        if (end == times.length) {
            if (start > times.length / 2) {
                System.arraycopy(times, start, times, 0, end - start);
                end -= start;
                start = 0;
            } else {
                times = Arrays.copyOf(times, times.length * 2);
            }
        }
        times[end++] = t;
    }

    /** Forgets the events before {@code t}. */
    void dropBefore(double t) {
        while (start < end && times[start] < t) {
            start++;
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    void clear() {
        start = 0;
        end = 0;
    }

    int size() {
        return end - start;
    }

    double get(int i) {
        return times[start + i];
    }

    /** Index of the first event at or after {@code t} (size() when none). */
    int firstAtOrAfter(double t) {
        int lo = start;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - start;
    }
}
