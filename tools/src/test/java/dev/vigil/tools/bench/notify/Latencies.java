package dev.vigil.tools.bench.notify;

import java.util.Map;

/**
 * The latencies of one run of one scenario: for each item sent, the time from its start (the session callback,
 * or the baseline's send) to its arrival, plus what did not arrive or arrived twice.
 *
 * @param millis     latencies of the items that arrived, sorted
 * @param expected   items sent
 * @param duplicates arrivals beyond the first of an item
 */
record Latencies(double[] millis, int expected, int duplicates) {

    /**
     * @param startNanos   item key → {@link System#nanoTime()} when it was started
     * @param arrivalNanos item key → nanoTime of its first arrival (absent: lost)
     * @param arrivals     item key → arrivals counted (for duplicates)
     */
    static <K> Latencies of(Map<K, Long> startNanos, Map<K, Long> arrivalNanos, Map<K, Integer> arrivals) {
        double[] ms = startNanos.entrySet().stream()
                .filter(e -> arrivalNanos.containsKey(e.getKey()))
                .mapToDouble(e -> (arrivalNanos.get(e.getKey()) - e.getValue()) / 1e6)
                .sorted()
                .toArray();
        int duplicates = startNanos.keySet().stream()
                .mapToInt(k -> Math.max(0, arrivals.getOrDefault(k, 0) - 1))
                .sum();
        return new Latencies(ms, startNanos.size(), duplicates);
    }

    int arrived() {
        return millis.length;
    }

    int lost() {
        return expected - millis.length;
    }

    /** Nearest-rank percentile in milliseconds; NaN when nothing arrived. */
    double percentile(double p) {
        if (millis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * millis.length);
        return millis[Math.min(millis.length, Math.max(1, rank)) - 1];
    }

    double p50() {
        return percentile(50);
    }

    double p95() {
        return percentile(95);
    }

    double p99() {
        return percentile(99);
    }

    double max() {
        return percentile(100);
    }

    @Override
    public String toString() {
        return String.format(
                "n=%d lost=%d dup=%d p50=%s p95=%s p99=%s max=%s",
                expected,
                lost(),
                duplicates,
                LatencyReport.ms(p50()),
                LatencyReport.ms(p95()),
                LatencyReport.ms(p99()),
                LatencyReport.ms(max()));
    }
}
