package dev.vigil.worker.detect.transport;

import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.Observation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TR 101 290 error counters of a stream since its session started, by indicator, and when each was last
 * seen (media time, NaN for never). Sent when a counter moves.
 */
public record TransportCounts(DetectorName detector, double atSec, long[] totals, double[] lastSeenSec)
        implements Observation {

    /** Counter per indicator that has counted anything, in {@link Tr101290} order. */
    public Map<Tr101290, Long> nonZero() {
        Map<Tr101290, Long> m = new LinkedHashMap<>();
        for (Tr101290 i : Tr101290.values()) {
            if (totals[i.ordinal()] > 0) {
                m.put(i, totals[i.ordinal()]);
            }
        }
        return m;
    }

    public long total(Tr101290 indicator) {
        return totals[indicator.ordinal()];
    }

    public double lastSeenSec(Tr101290 indicator) {
        return lastSeenSec[indicator.ordinal()];
    }
}
